package dev.osprey.server.store;

import dev.osprey.signaling.SignalingEvents;

/**
 * Keeps one application's broadcasts in step with its signalling: {@code created → broadcasting →
 * finished} and {@code webRTCViewerCount}. The signalling calls in under its lock, so every event is
 * only queued here and applied on the application's writer thread, in order; then the
 * {@link StreamEventListener} (webhooks) hears of it. A stream published without a broadcast gets an
 * implicit one ({@code zombi}), deleted again when the publish ends, as in Ant Media.
 */
public final class BroadcastLifecycle implements SignalingEvents {

    private final ApplicationData data;
    private final StreamEventListener listener;

    public BroadcastLifecycle(ApplicationData data, StreamEventListener listener) {
        this.data = data;
        this.listener = listener;
    }

    @Override
    public void publishStarted(String streamId, String name, String metaData) {
        long now = System.currentTimeMillis();
        data.runOrdered(() -> {
            var updated = data.store().updateBroadcast(streamId, b -> BroadcastTransitions.start(b, now));
            Broadcast b = updated.orElseGet(() -> {
                Broadcast zombi = new Broadcast();
                zombi.streamId = streamId;
                zombi.name = name;
                zombi.metaData = metaData;
                zombi.zombi = true;
                zombi.date = now;
                BroadcastTransitions.start(zombi, now);
                return data.createBroadcast(zombi) ? zombi : data.store().updateBroadcast(streamId,
                        existing -> BroadcastTransitions.start(existing, now)).orElse(zombi);
            });
            data.store().addConnectionEvent(new ConnectionEvent(now, ConnectionEvent.CONNECTED, null, "publish",
                    "WebRTC", streamId, null));
            data.liveViewerLimit(streamId, b.webRTCViewerLimit);
            listener.streamEvent(StreamEventListener.LIVE_STREAM_STARTED, b, now);
        });
    }

    @Override
    public void publishFinished(String streamId, boolean wasLive) {
        if (!wasLive) {
            return;
        }
        long now = System.currentTimeMillis();
        data.runOrdered(() -> {
            data.liveViewerLimit(streamId, -1);
            Broadcast b = data.store().updateBroadcast(streamId, BroadcastTransitions::finish).orElseGet(() -> gone(streamId));
            if (b.zombi) {
                data.deleteBroadcast(streamId);
            }
            data.store().addConnectionEvent(new ConnectionEvent(now, ConnectionEvent.DISCONNECTED, null, "publish",
                    "WebRTC", streamId, null));
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
        data.runOrdered(() -> {
            Broadcast b = data.store().updateBroadcast(streamId, x -> BroadcastTransitions.viewers(x, delta, now))
                    .orElseGet(() -> gone(streamId));
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
