package dev.osprey.server.rest;

import dev.osprey.server.store.StoreException;
import dev.osprey.server.store.StoreJson;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Mounts a route table under a base path: the filters (host, cross-site and access checks), a 1 MiB
 * body limit, every route (run on a worker thread, so the store may block), and JSON answers for
 * everything else below the base — 404 for an unknown path, 405 for a known path with another method,
 * 413 for a body over the limit.
 */
final class RestMount {

    private static final Logger LOG = LoggerFactory.getLogger(RestMount.class);
    static final long MAX_BODY_BYTES = 1 << 20;

    private RestMount() {
    }

    /**
     * Mounts {@code routes} plus {@code GET /openapi.json}, the OpenAPI document of exactly the routes mounted.
     *
     * @return the mounted table, the document's route included
     */
    static List<RestRoute> mount(Vertx vertx, Router router, String base, String title, List<RestRoute> table,
                                 List<Handler<RoutingContext>> filters) {
        List<RestRoute> routes = new ArrayList<>(table);
        routes.add(new RestRoute(HttpMethod.GET, "/openapi.json", "This OpenAPI document", List.of(), false, List.of(),
                req -> OpenApi.document(title, base, routes)));
        var all = router.route(base + "/*");
        filters.forEach(all::handler);
        all.handler(bodyHandler(base, routes)).failureHandler(RestMount::failure);
        for (RestRoute route : routes) {
            router.route(route.method(), base + route.vertxPath()).handler(ctx -> serve(vertx, ctx, route.handler()));
        }
        List<Pattern> known = routes.stream().map(r -> Pattern.compile(Pattern.quote(base) + r.pathRegex())).toList();
        router.route(base + "/*").handler(ctx -> {
            String path = ctx.request().path();
            boolean otherMethod = known.stream().anyMatch(p -> p.matcher(path).matches());
            send(ctx, otherMethod ? 405 : 404, Result.failure(otherMethod
                    ? "Method " + ctx.request().method() + " is not allowed here"
                    : "No such endpoint"));
        });
        return List.copyOf(routes);
    }

    /** The JSON body handler, or for an upload route its own (files to disk, its own limit). */
    private static Handler<RoutingContext> bodyHandler(String base, List<RestRoute> routes) {
        BodyHandler json = BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES);
        List<Map.Entry<RestRoute, BodyHandler>> uploads = routes.stream().filter(r -> r.upload() != null)
                .map(r -> Map.entry(r, BodyHandler.create(r.upload().directory().toString())
                        .setBodyLimit(r.upload().maxBytes())
                        .setDeleteUploadedFilesOnEnd(true)
                        .setMergeFormAttributes(false)))
                .toList();
        List<Pattern> uploadPaths = uploads.stream()
                .map(e -> Pattern.compile(Pattern.quote(base) + e.getKey().pathRegex())).toList();
        return ctx -> {
            for (int i = 0; i < uploads.size(); i++) {
                if (uploads.get(i).getKey().method().equals(ctx.request().method())
                        && uploadPaths.get(i).matcher(ctx.request().path()).matches()) {
                    uploads.get(i).getValue().handle(ctx);
                    return;
                }
            }
            json.handle(ctx);
        };
    }

    private static void serve(Vertx vertx, RoutingContext ctx, RestHandler handler) {
        vertx.<Object>executeBlocking(() -> handler.handle(new RestRequest(ctx)), false).onComplete(ar -> {
            if (ar.succeeded()) {
                Object body = ar.result();
                if (body instanceof RestResponse r) {
                    send(ctx, r.status(), r.body(), r.headers());
                } else {
                    send(ctx, 200, body);
                }
            } else if (ar.cause() instanceof RestException e) {
                send(ctx, e.status(), Result.failure(e.getMessage()));
            } else {
                if (ar.cause() instanceof StoreException) {
                    LOG.error("{} {}: data store failure", ctx.request().method(), ctx.request().path(), ar.cause());
                } else {
                    LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ar.cause());
                }
                send(ctx, 500, Result.failure("Internal server error"));
            }
        });
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode();
        if (status == 413) {
            send(ctx, 413, Result.failure(ctx.request().getHeader("Content-Type") != null
                    && ctx.request().getHeader("Content-Type").toLowerCase(Locale.ROOT).startsWith("multipart/")
                    ? "Upload too large" : "Request body larger than " + MAX_BODY_BYTES + " bytes"));
        } else if (status >= 400 && status < 500) {
            send(ctx, status, Result.failure("Bad request"));
        } else {
            LOG.error("{} {} failed", ctx.request().method(), ctx.request().path(), ctx.failure());
            send(ctx, 500, Result.failure("Internal server error"));
        }
    }

    static void send(RoutingContext ctx, int status, Object body) {
        send(ctx, status, body, Map.of());
    }

    static void send(RoutingContext ctx, int status, Object body, Map<String, String> headers) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        headers.forEach((name, value) -> ctx.response().putHeader(name, value));
        ctx.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body instanceof JsonObject json ? json.encode() : StoreJson.write(body));
    }
}
