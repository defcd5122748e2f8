package dev.osprey.server.webhook;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Supplier;

/**
 * POSTs webhook calls asynchronously: per order key (a stream) one call in flight at a time, so a
 * receiver sees a stream's events in order; a failed call (error or non-2xx) is retried
 * {@link WebhookCall#retries()} times. All state lives on one Vert.x context, so {@link #send} only
 * hands the call over and returns. A receiver that stays down is logged once when it goes down and
 * once when it comes back, not once per event. Bodies: JSON, URL-encoded form or multipart form-data,
 * per {@link WebhookCall#contentType()}.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    /** Calls waiting per stream; beyond this a dead receiver would pile up memory, so new calls are dropped. */
    static final int MAX_QUEUED_PER_KEY = 1000;
    private static final int TIMEOUT_MS = 5000;
    static final String MULTIPART = "multipart/form-data";

    private final Vertx vertx;
    private final Context context;
    private final WebClient client;
    // Touched only on `context`.
    private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
    private final Set<String> deadUrls = new HashSet<>();
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();

    public WebhookSender(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setConnectTimeout(TIMEOUT_MS)
                .setUserAgent("Osprey"));
    }

    /** A queued call and what to run once it is settled (delivered, given up or dropped). */
    private record Pending(WebhookCall call, Runnable settled) {
    }

    /** Queues the call; never blocks. */
    public void send(WebhookCall call) {
        context.runOnContext(ignored -> enqueue(new Pending(call, () -> { })));
    }

    /**
     * Builds the call on the sender's context (so a costly body is not built on the caller's thread),
     * then queues it; {@code settled} runs there once it was delivered, given up or dropped. Never blocks.
     */
    public void send(Supplier<WebhookCall> call, Runnable settled) {
        context.runOnContext(ignored -> enqueue(new Pending(call.get(), settled)));
    }

    /**
     * Completes once no call is queued or in flight (at once when none is): a graceful stop waits for
     * it before Vert.x closes. Calls sent before this are counted.
     */
    public Future<Void> idle() {
        Promise<Void> idle = Promise.promise();
        context.runOnContext(ignored -> {
            if (queues.isEmpty()) {
                idle.complete();
            } else {
                idleWaiters.add(idle);
            }
        });
        return idle.future();
    }

    private void enqueue(Pending pending) {
        WebhookCall call = pending.call();
        ArrayDeque<Pending> queue = queues.get(call.orderKey());
        if (queue == null) {
            queue = new ArrayDeque<>();
            queues.put(call.orderKey(), queue);
            queue.add(pending);
            attempt(call, 0);
            return;
        }
        if (queue.size() >= MAX_QUEUED_PER_KEY) {
            LOG.debug("webhook queue for {} is full, dropping {}", call.orderKey(), call.fields().get("action"));
            pending.settled().run();
            return;
        }
        queue.add(pending); // the head is in flight; this one follows when it is done
    }

    private void attempt(WebhookCall call, int attempt) {
        Future<HttpResponse<Buffer>> response;
        try {
            response = client.postAbs(call.url())
                    .timeout(TIMEOUT_MS)
                    .putHeader("Content-Type", call.contentType())
                    .sendBuffer(body(call));
        } catch (RuntimeException e) { // not a usable URL, or the client closed with Vert.x: no attempt can succeed
            failed(call, e.toString());
            return;
        }
        response.onComplete(ar -> {
            if (ar.succeeded() && success(ar.result())) {
                delivered(call);
            } else if (attempt < call.retries()) {
                vertx.setTimer(Math.max(1, call.retryDelayMs()), t -> attempt(call, attempt + 1));
            } else {
                failed(call, ar.succeeded() ? "HTTP " + ar.result().statusCode() : ar.cause().toString());
            }
        });
    }

    private static boolean success(HttpResponse<Buffer> response) {
        return response.statusCode() / 100 == 2;
    }

    private void delivered(WebhookCall call) {
        if (deadUrls.remove(call.url())) {
            LOG.info("webhook receiver {} is reachable again", call.url());
        }
        next(call);
    }

    private void failed(WebhookCall call, String reason) {
        if (deadUrls.add(call.url())) {
            LOG.warn("webhook receiver {} failed ({}); events are dropped until it answers again", call.url(), reason);
        }
        next(call);
    }

    private void next(WebhookCall done) {
        ArrayDeque<Pending> queue = queues.get(done.orderKey());
        queue.poll().settled().run();
        Pending following = queue.peek();
        if (following == null) {
            queues.remove(done.orderKey());
            if (queues.isEmpty()) {
                idleWaiters.forEach(Promise::complete);
                idleWaiters.clear();
            }
        } else {
            attempt(following.call(), 0);
        }
    }

    static Buffer body(WebhookCall call) {
        if (call.contentType().startsWith(MULTIPART)) {
            return multipart(call);
        }
        if (call.contentType().startsWith("application/x-www-form-urlencoded")) {
            StringJoiner form = new StringJoiner("&");
            call.fields().forEach((k, v) -> form.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
            return Buffer.buffer(form.toString());
        }
        return new JsonObject(call.fields()).toBuffer();
    }

    /** RFC 7578 form-data, one part per field; the boundary is the content type's {@code boundary} parameter. */
    private static Buffer multipart(WebhookCall call) {
        String boundary = boundary(call.contentType());
        Buffer out = Buffer.buffer();
        call.fields().forEach((name, value) -> out
                .appendString("--" + boundary + "\r\n")
                .appendString("Content-Disposition: form-data; name=\"" + name + "\"\r\n\r\n")
                .appendString(String.valueOf(value), "UTF-8")
                .appendString("\r\n"));
        return out.appendString("--" + boundary + "--\r\n");
    }

    private static String boundary(String contentType) {
        int at = contentType.indexOf("boundary=");
        if (at < 0) {
            throw new IllegalArgumentException("multipart content type without a boundary: " + contentType);
        }
        return contentType.substring(at + "boundary=".length()).trim();
    }
}
