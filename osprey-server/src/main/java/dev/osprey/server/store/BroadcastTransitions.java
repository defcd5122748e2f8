package dev.osprey.server.store;

/** The changes a stream's lifecycle makes to its Broadcast. */
final class BroadcastTransitions {

    private BroadcastTransitions() {
    }

    /** Live from {@code now}, published as {@code publishType} (Ant Media's "WebRTC", "RTMP", "SRT"). */
    static Broadcast start(Broadcast b, long now, String publishType) {
        b.status = Broadcast.STATUS_BROADCASTING;
        b.publishType = publishType;
        b.encoderWarning = null;
        b.hlsUnavailableReason = null;
        b.hlsViewerCount = 0;
        b.startTime = now;
        b.absoluteStartTimeMs = now;
        b.updateTime = now;
        b.duration = 0;
        b.webRTCViewerCount = 0;
        return b;
    }

    static Broadcast finish(Broadcast b) {
        long now = System.currentTimeMillis();
        b.status = Broadcast.STATUS_FINISHED;
        if (b.startTime > 0) {
            b.duration = now - b.startTime;
        }
        b.updateTime = now;
        b.webRTCViewerCount = 0;
        b.hlsViewerCount = 0;
        b.bitrate = 0;
        return b;
    }

    static Broadcast viewers(Broadcast b, int delta, long now) {
        b.webRTCViewerCount = Math.max(0, b.webRTCViewerCount + delta);
        b.updateTime = now;
        return b;
    }
}
