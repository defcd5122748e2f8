package dev.osprey.server.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.AppSettings;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.StoreJson;
import dev.osprey.server.store.StreamEventListener;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns one application's stream events into Ant Media webhook calls: to the broadcast's own
 * {@code listenerHookURL}, else the application's; fields {@code id, action, streamName, category,
 * app, metadata, mainTrackId, roomId, timestamp}, empty ones left out.
 */
public final class WebhookNotifier implements StreamEventListener {

    public static final String VOD_READY = "vodReady";
    public static final String RECORDING_STOPPED = "recordingStopped";

    private final String application;
    private final Supplier<AppSettings> settings;
    private volatile WebhookSender sender;

    public WebhookNotifier(String application, Supplier<AppSettings> settings) {
        this.application = application;
        this.settings = settings;
    }

    /** Starts delivering; events before this (there are none before the server listens) are dropped. */
    public void attach(WebhookSender sender) {
        this.sender = sender;
    }

    @Override
    public void streamEvent(String action, Broadcast broadcast, long timestamp) {
        send(action, broadcast, timestamp, Map.of());
    }

    /**
     * Ant Media's {@code vodReady}: a recording of {@code broadcast} is finished and listed as a VoD.
     * {@code vodName} is the file's name without its extension, as Ant Media sends it.
     */
    public void vodReady(Broadcast broadcast, String vodName, String vodId, long timestamp) {
        send(VOD_READY, broadcast, timestamp, Map.of("vodName", vodName, "vodId", vodId));
    }

    /** Osprey's {@code recordingStopped}: a recording ended before its stream did, for {@code reason}. */
    public void recordingStopped(Broadcast broadcast, String reason, long timestamp) {
        send(RECORDING_STOPPED, broadcast, timestamp, Map.of("reason", reason));
    }

    private void send(String action, Broadcast broadcast, long timestamp, Map<String, String> extra) {
        WebhookSender target = sender;
        AppSettings app = settings.get();
        String url = notEmpty(broadcast.listenerHookURL) ? broadcast.listenerHookURL : app.listenerHookURL;
        if (target == null || !notEmpty(url)) {
            return;
        }
        Map<String, Object> fields = fields(action, broadcast, timestamp);
        extra.forEach((key, value) -> putIfPresent(fields, key, value));
        target.send(new WebhookCall(url, application + "/" + broadcast.streamId, fields,
                app.webhookContentType, Math.max(0, app.webhookRetryCount), app.webhookRetryAttemptDelay,
                app.webhookAllowPrivateAddresses));
    }

    Map<String, Object> fields(String action, Broadcast b, long timestamp) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("id", b.streamId);
        fields.put("action", action);
        putIfPresent(fields, "streamName", b.name);
        putIfPresent(fields, "category", b.category);
        fields.put("app", application);
        if (notEmpty(b.metaData)) {
            fields.put("metadata", metadata(b.metaData));
        }
        putIfPresent(fields, "mainTrackId", b.mainTrackStreamId);
        putIfPresent(fields, "roomId", b.mainTrackStreamId);
        if (StreamEventListener.ENCODER_WARNING.equals(action)) {
            putIfPresent(fields, "warning", b.encoderWarning);
        }
        fields.put("timestamp", Long.toString(timestamp));
        return fields;
    }

    /** Ant Media sends metadata as JSON when it parses as a JSON object, else as the plain string. */
    private static Object metadata(String text) {
        try {
            JsonNode node = StoreJson.MAPPER.readTree(text);
            if (node != null && node.isObject()) {
                return StoreJson.MAPPER.convertValue(node, Map.class);
            }
        } catch (JsonProcessingException e) {
            // not JSON: sent as text
        }
        return text;
    }

    private static void putIfPresent(Map<String, Object> fields, String key, String value) {
        if (notEmpty(value)) {
            fields.put(key, value);
        }
    }

    private static boolean notEmpty(String s) {
        return s != null && !s.isEmpty();
    }
}
