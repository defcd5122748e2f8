package dev.osprey.server.security;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import dev.osprey.signaling.AccessRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ant Media's auth webhooks ({@code webhookAuthenticateURL} for publish, {@code webhookPlayAuthUrl}
 * for play): a JSON POST that must be answered 200 within {@value #TIMEOUT_MS} ms to let the client
 * in. Any other status, an error, a timeout or a redirect (never followed) refuses.
 */
final class AuthWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AuthWebhook.class);
    static final int TIMEOUT_MS = 3000;

    private final WebClient client;

    AuthWebhook(Vertx vertx) {
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(TIMEOUT_MS)
                .setFollowRedirects(false)
                .setUserAgent("Osprey"));
    }

    /** Completes with true when the receiver at {@code url} answered 200; never fails. */
    CompletionStage<Boolean> allows(String url, String app, AccessRequest request) {
        JsonObject body = new JsonObject()
                .put("appName", app)
                .put("name", request.streamName())
                .put("streamId", request.streamId())
                .put("roomId", request.roomId())
                .put("mode", request.kind().protocolName())
                .put("token", request.token())
                .put("subscriberId", request.subscriberId())
                .put("subscriberCode", request.subscriberCode())
                .put("metaData", request.metaData())
                .put("clientIP", request.clientAddress());
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        try {
            client.postAbs(url).timeout(TIMEOUT_MS).sendJsonObject(body).onComplete(ar -> {
                if (ar.failed()) {
                    LOG.warn("Auth webhook {} failed: {}", withoutQuery(url), ar.cause().toString());
                    answer.complete(false);
                } else {
                    answer.complete(ar.result().statusCode() == 200);
                }
            });
        } catch (RuntimeException e) { // not a usable URL
            LOG.warn("Auth webhook {} cannot be called: {}", withoutQuery(url), e.toString());
            answer.complete(false);
        }
        return answer;
    }

    /** A URL may carry a key in its query or user info: logs show scheme, host and path only. */
    private static String withoutQuery(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
        } catch (URISyntaxException | RuntimeException e) {
            return "(unparseable URL)";
        }
    }

    void close() {
        client.close();
    }
}
