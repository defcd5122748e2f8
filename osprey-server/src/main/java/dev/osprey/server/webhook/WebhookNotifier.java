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
        WebhookSender target = sender;
        AppSettings app = settings.get();
        String url = notEmpty(broadcast.listenerHookURL) ? broadcast.listenerHookURL : app.listenerHookURL;
        if (target == null || !notEmpty(url)) {
            return;
        }
        target.send(new WebhookCall(url, application + "/" + broadcast.streamId, fields(action, broadcast, timestamp),
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
