package dev.osprey.server;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.FileSystemAccess;
import io.vertx.ext.web.handler.StaticHandler;

import java.nio.file.Path;
import java.util.List;

/**
 * The static HTTP side (the console at {@code /} is mounted by the REST services): per application, the sample pages
 * ({@code /{App}/} → {@code ${web.root}/samples/}) and the SDK scripts (and hls.js) under {@code /{App}/js/}.
 * Static files never list directories and never leave their root (Vert.x normalises the path and
 * refuses {@code ..} escapes); everything else is 404.
 */
final class WebRoutes {

    static final String SDK_SCRIPT = "node_modules/@antmedia/webrtc_adaptor/dist/browser/webrtc_adaptor.js";
    /** hls.js, for the HLS player sample. */
    static final String HLS_SCRIPT = "node_modules/hls.js/dist/hls.min.js";
    /** The MediaPipe package folder: selfie_segmentation.js plus the wasm/model files it loads next to itself. */
    static final String MEDIAPIPE_DIR = "node_modules/@mediapipe/selfie_segmentation";

    private WebRoutes() {
    }

    /** Adds the static routes to {@code router}, after whatever it routes already. */
    static void mount(Router router, Path webRoot, List<String> applications) {
        Path root = webRoot.toAbsolutePath().normalize();
        String samples = root.resolve("samples").toString();
        String sdkScript = root.resolve(SDK_SCRIPT).toString();
        String hlsScript = root.resolve(HLS_SCRIPT).toString();
        String mediapipe = root.resolve(MEDIAPIPE_DIR).toString();

        for (String app : applications) {
            String base = "/" + app;
            // Relative links in the pages need the trailing slash. (Vert.x routes ignore it, so compare the raw path.)
            router.route(base).method(HttpMethod.GET).method(HttpMethod.HEAD).handler(ctx -> {
                if (ctx.request().path().equals(base)) {
                    ctx.redirect(base + "/");
                } else {
                    ctx.next();
                }
            });
            router.route(base + "/js/webrtc_adaptor.js").method(HttpMethod.GET).method(HttpMethod.HEAD)
                    .handler(ctx -> sendScript(ctx, sdkScript));
            router.route(base + "/js/hls.min.js").method(HttpMethod.GET).method(HttpMethod.HEAD)
                    .handler(ctx -> sendScript(ctx, hlsScript));
            router.route(base + "/js/*").handler(StaticHandler.create(FileSystemAccess.ROOT, mediapipe)
                    .setDirectoryListing(false)
                    .setIncludeHidden(false));
            // Sample pages change whenever web/ is updated: no caching, so a reload always shows the current page.
            router.route(base + "/*").handler(ctx -> {
                ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-cache");
                ctx.next();
            });
            router.route(base + "/*").handler(StaticHandler.create(FileSystemAccess.ROOT, samples)
                    .setDirectoryListing(false)
                    .setIncludeHidden(false)
                    .setCachingEnabled(false)
                    .setIndexPage("index.html"));
        }
    }

    private static void sendScript(RoutingContext ctx, String file) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/javascript; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .sendFile(file)
                .onFailure(e -> {
                    if (!ctx.response().headWritten()) {
                        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
                        ctx.response().setStatusCode(404).end("Not found\n");
                    }
                });
    }
}
