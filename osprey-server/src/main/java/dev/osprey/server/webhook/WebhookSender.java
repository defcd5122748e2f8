package dev.osprey.server.webhook;

import dev.osprey.server.webhook.WebhookUrlPolicy.RefusedDestinationException;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.URI;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * POSTs webhook calls asynchronously: per order key (a stream) one call in flight at a time, so a
 * receiver sees a stream's events in order; a failed call (error or non-2xx) is retried
 * {@link WebhookCall#retries()} times. All state lives on one Vert.x context, so {@link #send} only
 * hands the call over and returns. A receiver that stays down is logged once when it goes down and
 * once when it comes back, not once per event. Bodies: JSON, URL-encoded form or multipart form-data,
 * per {@link WebhookCall#contentType()}.
 *
 * <p>Before each attempt the URL's host is resolved and checked by {@link WebhookUrlPolicy} (on a
 * worker thread), and the request goes to the address that was checked, so a DNS answer that
 * changed since the URL was set cannot send it inside the network. Redirects are not followed: a 3xx
 * answer is a failed call. The answer's body is read and dropped, and an attempt ends after
 * {@value #CALL_TIMEOUT_MS} ms whatever the receiver does.
 *
 * <p>What waits is bounded ({@link Limits}): calls per stream, streams with calls, and calls in
 * all. Beyond them new calls are dropped and counted ({@link #droppedCalls()}), with a warning at
 * most once a minute.
 */
public final class WebhookSender {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int TIMEOUT_MS = 5000;
    static final long CALL_TIMEOUT_MS = 10_000;
    private static final long DROP_WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    static final String MULTIPART = "multipart/form-data";

    /**
     * Bounds of what waits or is in flight.
     *
     * @param perKey calls per stream (order key)
     * @param keys   streams with calls
     * @param calls  calls in all
     */
    record Limits(int perKey, int keys, int calls) {
        static final Limits DEFAULT = new Limits(1000, 2000, 10_000);
    }

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final Limits limits;
    private final WebhookUrlPolicy.Resolver resolver;
    private final AtomicLong dropped = new AtomicLong();
    // Touched only on `context`.
    private final Map<String, ArrayDeque<Pending>> queues = new HashMap<>();
    private final Set<String> deadUrls = new HashSet<>();
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private int queuedCalls;
    private long droppedSinceWarning;
    private long lastDropWarning;

    public WebhookSender(Vertx vertx) {
        this(vertx, Limits.DEFAULT, InetAddress::getAllByName);
    }

    WebhookSender(Vertx vertx, Limits limits, WebhookUrlPolicy.Resolver resolver) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.limits = limits;
        this.resolver = resolver;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(TIMEOUT_MS));
    }

    /** A queued call and what to run once it is settled (delivered, given up or dropped). */
    private record Pending(WebhookCall call, Runnable settled) {
    }

    /** Calls dropped because a limit was reached, since the start. */
    public long droppedCalls() {
        return dropped.get();
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
        String full = queuedCalls >= limits.calls() ? limits.calls() + " calls in all"
                : queue == null && queues.size() >= limits.keys() ? limits.keys() + " streams"
                : queue != null && queue.size() >= limits.perKey() ? limits.perKey() + " calls for " + call.orderKey()
                : null;
        if (full != null) {
            drop(pending, full);
            return;
        }
        queuedCalls++;
        if (queue == null) {
            queue = new ArrayDeque<>();
            queues.put(call.orderKey(), queue);
            queue.add(pending);
            attempt(call, 0);
            return;
        }
        queue.add(pending); // the head is in flight; this one follows when it is done
    }

    /** Settles a call that is not sent; warns at most once a minute, with the count since the last warning. */
    private void drop(Pending pending, String full) {
        dropped.incrementAndGet();
        droppedSinceWarning++;
        long now = System.nanoTime();
        if (lastDropWarning == 0 || now - lastDropWarning >= DROP_WARNING_INTERVAL_NANOS) {
            LOG.warn("{} webhook call(s) dropped since the last warning: receivers are not keeping up ({} waiting)",
                    droppedSinceWarning, full);
            lastDropWarning = now;
            droppedSinceWarning = 0;
        }
        pending.settled().run();
    }

    private void attempt(WebhookCall call, int attempt) {
        URI uri = WebhookUrlPolicy.parse(call.url());
        if (uri == null) {
            failed(call, "not an http(s) URL");
            return;
        }
        WebhookUrlPolicy policy = new WebhookUrlPolicy(call.allowPrivateAddresses(), resolver);
        vertx.<InetAddress>executeBlocking(() -> policy.destination(uri), false)
                .compose(address -> post(call, uri, address))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result() / 100 == 2) {
                        delivered(call);
                    } else if (ar.failed() && ar.cause() instanceof RefusedDestinationException refused) {
                        failed(call, "refused: it " + refused.getMessage()); // no retry: the policy will not change its mind
                    } else if (attempt < call.retries()) {
                        vertx.setTimer(Math.max(1, call.retryDelayMs()), t -> attempt(call, attempt + 1));
                    } else {
                        failed(call, ar.succeeded() ? "HTTP " + ar.result() : ar.cause().toString());
                    }
                });
    }

    /** One POST to the checked address; completes with the answer's status once its body was read. */
    private Future<Integer> post(WebhookCall call, URI uri, InetAddress address) {
        Buffer body;
        try {
            body = body(call);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return CheckedPost.send(vertx, client, uri, address, call.contentType(), body, TIMEOUT_MS, CALL_TIMEOUT_MS);
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
        queuedCalls--;
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
