package dev.osprey.server.vod;

import dev.osprey.server.security.StreamAccessGuard;
import dev.osprey.signaling.AccessRequest;
import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP media path under {@code /{App}/streams/} (files on disk, live HLS from memory) does
 * the same way: the play-credentials check of a request ({@code ?token=&subscriberId=&subscriberCode=},
 * 403 when refused) and the plain-text error answers.
 */
public final class HttpFileAccess {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFileAccess.class);

    private HttpFileAccess() {
    }

    /**
     * Runs {@code granted} on the request's context when the application needs no play credentials or
     * the request carries good ones for {@code streamId}; otherwise answers 403. Call on the event loop.
     */
    public static void whenAllowed(StreamAccessGuard guard, RoutingContext ctx, String streamId, Runnable granted) {
        if (!guard.playNeedsCredentials()) {
            granted.run();
            return;
        }
        HttpServerRequest request = ctx.request();
        String address = request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress();
        AccessRequest access = new AccessRequest(AccessRequest.Kind.PLAY, streamId, null, request.getParam("token"),
                request.getParam("subscriberId"), request.getParam("subscriberCode"), address, null, null);
        Context context = ctx.vertx().getOrCreateContext();
        guard.checkFileRequest(access).whenComplete((decision, error) -> context.runOnContext(ignored -> {
            if (error != null || decision == null || !decision.isGranted()) {
                if (error != null) {
                    LOG.warn("access check of {} failed: {}", streamId, error.toString());
                }
                plain(ctx.response(), 403, "Forbidden\n");
                return;
            }
            decision.release().run(); // a file request holds nothing once granted
            granted.run();
        }));
    }

    /** A short plain-text answer, unless the response is already over. */
    public static void plain(HttpServerResponse response, int status, String text) {
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(text);
    }
}
