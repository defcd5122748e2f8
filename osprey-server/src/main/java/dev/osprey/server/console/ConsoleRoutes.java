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
import java.util.List;
import java.util.Map;

/**
 * The web console: {@code /} plus its script and style sheet, read from the classpath once. It is a
 * static page that logs in and polls the REST API, behind the same host and IP rules as {@code /rest/v2}.
 * Browsers get it with a strict Content-Security-Policy (own scripts and styles only, no framing), so
 * that neither injected markup nor a framing page can act in the logged-in console.
 */
public final class ConsoleRoutes {

    private static final Map<String, String> FILES = Map.of(
            "/", "index.html",
            "/console/console.js", "console.js",
            "/console/console.css", "console.css");

    private ConsoleRoutes() {
    }

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self'; "
            + "base-uri 'none'; object-src 'none'";

    /** {@code filters} run in order before each file is sent (host and address checks). */
    public static void mount(Router router, List<Handler<RoutingContext>> filters) {
        FILES.forEach((path, file) -> {
            Buffer content = Buffer.buffer(read(file));
            String type = contentType(file);
            var route = router.route(path).method(HttpMethod.GET).method(HttpMethod.HEAD);
            filters.forEach(route::handler);
            route.handler(ctx -> ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, type)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                    .putHeader("X-Frame-Options", "DENY")
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
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
