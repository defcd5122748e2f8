package dev.osprey.server.store;

import dev.osprey.signaling.SignalingEvents;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps one application's broadcasts in step with its signalling: {@code created → broadcasting →
 * finished} and {@code webRTCViewerCount}. The signalling calls in under its lock, so every event is
 * only queued here and applied on the application's writer thread, in order; then the
 * {@link StreamEventListener} (webhooks) hears of it. A stream published without a broadcast gets an
 * implicit one ({@code zombi}), deleted again when the publish ends, as in Ant Media.
 *
 * <p>Viewer joins and leaves are folded: each gets its connection event and its webhook, but the joins
 * and leaves that wait in the writer's queue together update the broadcast's count once. A burst of
 * viewers (hundreds a second) would otherwise rewrite the broadcast for each.
 */
public final class BroadcastLifecycle implements SignalingEvents {

    private final ApplicationData data;
    private final StreamEventListener listener;
    /** Viewer changes queued but not yet written, per stream; the writer takes them all at once. */
    private final ConcurrentHashMap<String, Integer> unwrittenViewerChanges = new ConcurrentHashMap<>();
    /** The broadcast as its last viewer change wrote it, for the changes folded into that write; writer thread. */
    private final Map<String, Broadcast> lastViewerWrite = new HashMap<>();

    public BroadcastLifecycle(ApplicationData data, StreamEventListener listener) {
        this.data = data;
        this.listener = listener;
    }

    @Override
    public void publishStarted(String streamId, String name, String metaData) {
        publishStarted(streamId, name, metaData, "WebRTC");
    }

    @Override
    public void publishStarted(String streamId, String name, String metaData, String publishType) {
        long now = System.currentTimeMillis();
        data.runOrdered(() -> {
            lastViewerWrite.remove(streamId);
            var updated = data.store().updateBroadcast(streamId, b -> BroadcastTransitions.start(b, now, publishType));
            Broadcast b = updated.orElseGet(() -> {
                Broadcast zombi = new Broadcast();
                zombi.streamId = streamId;
                zombi.name = name;
                zombi.metaData = metaData;
                zombi.zombi = true;
                zombi.date = now;
                BroadcastTransitions.start(zombi, now, publishType);
                return data.createBroadcast(zombi) ? zombi : data.store().updateBroadcast(streamId,
                        existing -> BroadcastTransitions.start(existing, now, publishType)).orElse(zombi);
            });
            data.store().addConnectionEvent(new ConnectionEvent(now, ConnectionEvent.CONNECTED, null, "publish",
                    publishType, streamId, null));
            data.liveViewerLimit(streamId, b.webRTCViewerLimit);
            listener.streamEvent(StreamEventListener.LIVE_STREAM_STARTED, b, now);
        });
    }

    @Override
    public void publishWarning(String streamId, String warning) {
        long now = System.currentTimeMillis();
        data.runOrdered(() -> data.store().updateBroadcast(streamId, b -> {
            b.encoderWarning = warning;
            b.updateTime = now;
            return b;
        }).ifPresent(b -> listener.streamEvent(StreamEventListener.ENCODER_WARNING, b, now)));
    }

    @Override
    public void publishFinished(String streamId, boolean wasLive) {
        if (!wasLive) {
            return;
        }
        long now = System.currentTimeMillis();
        data.runOrdered(() -> {
            lastViewerWrite.remove(streamId);
            data.liveViewerLimit(streamId, -1);
            Broadcast b = data.store().updateBroadcast(streamId, BroadcastTransitions::finish).orElseGet(() -> gone(streamId));
            if (b.zombi) {
                data.deleteBroadcast(streamId);
            }
            data.store().addConnectionEvent(new ConnectionEvent(now, ConnectionEvent.DISCONNECTED, null, "publish",
                    b.publishType == null ? "WebRTC" : b.publishType, streamId, null));
            listener.streamEvent(StreamEventListener.LIVE_STREAM_ENDED, b, now);
        });
    }

    @Override
    public void playStarted(String streamId) {
        viewerChange(streamId, +1, ConnectionEvent.CONNECTED, StreamEventListener.PLAY_STARTED);
    }

    @Override
    public void playFinished(String streamId) {
        viewerChange(streamId, -1, ConnectionEvent.DISCONNECTED, StreamEventListener.PLAY_STOPPED);
    }

    private void viewerChange(String streamId, int delta, String eventType, String action) {
        long now = System.currentTimeMillis();
        unwrittenViewerChanges.merge(streamId, delta, Integer::sum);
        data.runOrdered(() -> {
            Integer unwritten = unwrittenViewerChanges.remove(streamId);
            // null: an earlier task of this queue wrote this change along with its own
            Broadcast b = unwritten == null ? lastViewerWrite.get(streamId) : null;
            if (b == null) {
                int change = unwritten == null ? 0 : unwritten;
                b = data.store().updateBroadcast(streamId, x -> BroadcastTransitions.viewers(x, change, now))
                        .orElseGet(() -> gone(streamId));
                if (b.webRTCViewerCount > 0) {
                    lastViewerWrite.put(streamId, b);
                } else {
                    lastViewerWrite.remove(streamId);
                }
            }
            data.store().addConnectionEvent(new ConnectionEvent(now, eventType, null, "play", "WebRTC", streamId, null));
            listener.streamEvent(action, b, now);
        });
    }

    /** A broadcast deleted while live still has its end reported, under its id. */
    private static Broadcast gone(String streamId) {
        Broadcast b = new Broadcast();
        b.streamId = streamId;
        b.status = Broadcast.STATUS_FINISHED;
        return b;
    }
}
