package dev.osprey.server.console;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The web console: {@code /} plus its script and style sheet, read from the classpath once. It is a
 * static page that polls the REST API, behind the same IP rule as {@code /rest/v2}.
 */
public final class ConsoleRoutes {

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/console/console.js", "console.js",
            "/console/console.css", "console.css");

    private ConsoleRoutes() {
    }

    public static void mount(Router router, Handler<RoutingContext> accessFilter) {
        FILES.forEach((path, file) -> {
            Buffer content = Buffer.buffer(read(file));
            String type = contentType(file);
            router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD)
                    .handler(accessFilter)
                    .handler(ctx -> ctx.response()
                            .putHeader(HttpHeaders.CONTENT_TYPE, type)
                            .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                            .end(content));
        });
    }

    private static byte[] read(String file) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream("/console/" + file)) {
            if (in == null) {
                throw new IllegalStateException("console resource missing from the jar: " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String contentType(String file) {
        if (file.endsWith(".js")) {
            return "text/javascript; charset=utf-8";
        }
        return file.endsWith(".css") ? "text/css; charset=utf-8" : "text/html; charset=utf-8";
    }
}
