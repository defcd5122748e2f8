package dev.osprey.server.security;

import dev.osprey.server.webhook.CheckedPost;
import dev.osprey.server.webhook.WebhookUrlPolicy;
import dev.osprey.signaling.AccessRequest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Ant Media's auth webhooks ({@code webhookAuthenticateURL} for publish, {@code webhookPlayAuthUrl}
 * for play): a JSON POST that must be answered 200 within {@value #TIMEOUT_MS} ms to let the client
 * in. Any other status, an error, a timeout, a redirect (never followed) or a destination the
 * {@link WebhookUrlPolicy} refuses (private addresses unless the application allows them) refuses.
 */
final class AuthWebhook {

    private static final Logger LOG = LoggerFactory.getLogger(AuthWebhook.class);
    static final int TIMEOUT_MS = 3000;

    private final Vertx vertx;
    private final HttpClient client;

    AuthWebhook(Vertx vertx) {
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
    }

    /** Completes with true when the receiver at {@code url} answered 200; never fails. */
    CompletionStage<Boolean> allows(String url, WebhookUrlPolicy policy, String app, AccessRequest request) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        URI uri = WebhookUrlPolicy.parse(url);
        if (uri == null) {
            LOG.warn("Auth webhook of {} is not an http(s) URL", app);
            answer.complete(false);
            return answer;
        }
        Buffer body = new JsonObject()
                .put("appName", app)
                .put("name", request.streamName())
                .put("streamId", request.streamId())
                .put("roomId", request.roomId())
                .put("mode", request.kind().protocolName())
                .put("token", request.token())
                .put("subscriberId", request.subscriberId())
                .put("subscriberCode", request.subscriberCode())
                .put("metaData", request.metaData())
                .put("clientIP", request.clientAddress())
                .toBuffer();
        vertx.<InetAddress>executeBlocking(() -> policy.destination(uri), false)
                .compose(address -> CheckedPost.send(vertx, client, uri, address, "application/json", body,
                        TIMEOUT_MS, TIMEOUT_MS))
                .onComplete(ar -> {
                    if (ar.failed()) {
                        LOG.warn("Auth webhook {} failed: {}", withoutQuery(uri), ar.cause().toString());
                    }
                    answer.complete(ar.succeeded() && ar.result() == 200);
                });
        return answer;
    }

    /** A URL may carry a key in its query or user info: logs show scheme, host and path only. */
    private static String withoutQuery(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + uri.getPath();
    }

    void close() {
        client.close();
    }
}
