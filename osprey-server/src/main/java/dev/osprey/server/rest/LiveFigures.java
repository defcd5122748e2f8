package dev.osprey.server.rest;

import dev.osprey.media.StreamInfo;
import dev.osprey.media.service.ViewerStats;
import dev.osprey.server.store.Broadcast;

import java.net.InetSocketAddress;
import java.util.List;

/** Live media figures in Ant Media's JSON shapes, and on the broadcasts the API returns. */
final class LiveFigures {

    private LiveFigures() {
    }

    /** One rendition of {@code GET /broadcasts/{id}/stream-info}. */
    record Rendition(int videoHeight, int videoWidth, long videoBitrate, long audioBitrate, String videoCodec) {
    }

    /** {@code videoSentStats} of a viewer. */
    record VideoSentStats(long videoFirCount, long videoPliCount, long videoNackCount, long videoPacketsSent,
                          long videoBytesSent, long timeMs) {
    }

    /** {@code audioSentStats} of a viewer. */
    record AudioSentStats(long audioPacketsSent, long audioBytesSent, long timeMs) {
    }

    /**
     * One entry of {@code GET /broadcasts/{id}/webrtc-client-stats/...}: {@code measuredBitrate} is the
     * viewer's own bandwidth estimate (REMB, 0 when it sent none), {@code sendBitrate} what we sent it
     * over the last second.
     */
    record ClientStats(long measuredBitrate, long sendBitrate, long clientId, long videoPacketCount,
                       long audioPacketCount, VideoSentStats videoSentStats, AudioSentStats audioSentStats,
                       String clientIp) {
    }

    static List<Rendition> renditions(StreamInfo info) {
        return List.of(new Rendition(info.height(), info.width(), info.videoBitrate(), info.audioBitrate(),
                info.videoCodec()));
    }

    static ClientStats clientStats(ViewerStats v) {
        InetSocketAddress remote = v.remoteAddress();
        return new ClientStats(Math.max(0, v.targetBitrate()), v.videoBitrate() + v.audioBitrate(),
                clientId(v.viewerId()), v.videoPackets(), v.audioPackets(),
                new VideoSentStats(v.firs(), v.plis(), v.nacks(), v.videoPackets(), v.videoPayloadBytes(), v.takenAtMillis()),
                new AudioSentStats(v.audioPackets(), v.audioPayloadBytes(), v.takenAtMillis()),
                remote == null ? null : remote.getAddress().getHostAddress());
    }

    /** Ant Media's client ids are numbers; ours are decimal, anything else is hashed into one. */
    private static long clientId(String viewerId) {
        try {
            return Long.parseLong(viewerId);
        } catch (NumberFormatException e) {
            return viewerId.hashCode() & 0xFFFFFFFFL;
        }
    }

    /** A live broadcast gets the media path's bitrate (video + audio, bit/s) and picture size. */
    static Broadcast withLiveFigures(Broadcast b, LiveMedia media) {
        if (b != null && Broadcast.STATUS_BROADCASTING.equals(b.status)) {
            media.streamInfo(b.streamId).ifPresent(info -> {
                b.bitrate = info.videoBitrate() + info.audioBitrate();
                b.width = info.width();
                b.height = info.height();
            });
        }
        return b;
    }
}
