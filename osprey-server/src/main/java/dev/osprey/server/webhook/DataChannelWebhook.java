package dev.osprey.server.webhook;

import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.server.store.AppSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Ant Media's {@code dataChannelWebHookURL}: every data channel message a publisher or player sends
 * is POSTed there as {@code multipart/form-data}, field {@code data} = the message (as Ant Media
 * documents it), plus {@code streamId}, {@code binary} ({@code true}: {@code data} is base64) and
 * {@code from} ({@code publisher} or {@code player}). A stream's messages arrive in order, with the
 * application's {@code webhookRetryCount} / {@code webhookRetryAttemptDelay}.
 *
 * <p>Called on the media loop, so it only checks the setting and the bound and hands the message
 * over; the body is built on the webhook sender's context. At most {@link #MAX_PENDING_MESSAGES}
 * messages and {@link #MAX_PENDING_BYTES} bytes wait or are in flight: beyond that (a slow or dead
 * receiver) messages are dropped and counted, never queued without bound.
 */
public final class DataChannelWebhook implements DataMessageListener {

    private static final Logger LOG = LoggerFactory.getLogger(DataChannelWebhook.class);
    static final int MAX_PENDING_MESSAGES = 1000;
    static final long MAX_PENDING_BYTES = 16L << 20;

    private final String application;
    private final Supplier<AppSettings> settings;
    private final AtomicInteger pendingMessages = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean dropping = new AtomicBoolean();
    private volatile WebhookSender sender;

    public DataChannelWebhook(String application, Supplier<AppSettings> settings) {
        this.application = application;
        this.settings = settings;
    }

    /** Starts delivering; messages before this are not sent. */
    public void attach(WebhookSender sender) {
        this.sender = sender;
    }

    /** Messages not sent because too many were waiting. */
    public long droppedMessages() {
        return dropped.get();
    }

    @Override
    public void dataMessage(String streamId, byte[] payload, boolean binary, Sender from) {
        WebhookSender target = sender;
        AppSettings app = settings.get();
        String url = app.dataChannelWebHookURL;
        if (target == null || url == null || url.isEmpty()) {
            return;
        }
        if (!reserve(payload.length)) {
            dropped.incrementAndGet();
            if (dropping.compareAndSet(false, true)) {
                LOG.warn("{}: data channel webhook {} is not keeping up; messages are dropped until it does", application, url);
            }
            return;
        }
        if (dropping.compareAndSet(true, false)) {
            LOG.info("{}: data channel webhook {} is keeping up again ({} messages dropped so far)", application, url,
                    dropped.get());
        }
        int retries = Math.max(0, app.webhookRetryCount);
        long delay = app.webhookRetryAttemptDelay;
        boolean allowPrivate = app.webhookAllowPrivateAddresses;
        target.send(() -> call(url, streamId, payload, binary, from, retries, delay, allowPrivate),
                () -> release(payload.length));
    }

    private boolean reserve(int bytes) {
        if (pendingMessages.incrementAndGet() > MAX_PENDING_MESSAGES) {
            pendingMessages.decrementAndGet();
            return false;
        }
        if (pendingBytes.addAndGet(bytes) > MAX_PENDING_BYTES) {
            release(bytes);
            return false;
        }
        return true;
    }

    private void release(int bytes) {
        pendingMessages.decrementAndGet();
        pendingBytes.addAndGet(-bytes);
    }

    WebhookCall call(String url, String streamId, byte[] payload, boolean binary, Sender from, int retries,
                     long retryDelayMs, boolean allowPrivateAddresses) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("data", binary ? Base64.getEncoder().encodeToString(payload) : new String(payload, StandardCharsets.UTF_8));
        fields.put("streamId", streamId);
        fields.put("binary", Boolean.toString(binary));
        fields.put("from", from.name().toLowerCase(Locale.ROOT));
        return new WebhookCall(url, application + "/data/" + streamId, fields,
                WebhookSender.MULTIPART + "; boundary=" + boundary(fields), retries, retryDelayMs, allowPrivateAddresses);
    }

    /** RFC 2046: a boundary must not occur in the parts; a random one that does is drawn again. */
    private static String boundary(Map<String, Object> fields) {
        while (true) {
            String candidate = "osprey-" + Long.toHexString(ThreadLocalRandom.current().nextLong())
                    + Long.toHexString(ThreadLocalRandom.current().nextLong());
            if (fields.values().stream().noneMatch(v -> String.valueOf(v).contains(candidate))) {
                return candidate;
            }
        }
    }
}
