package dev.osprey.media;

import dev.osprey.webrtc.rtp.Bytes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A publisher with one Opus and one VP8 (+RTX) track, fake sinks, a fake clock and packet builders. */
final class Fixture {
    static final int AUDIO_SSRC = 0xA0A0A0A0;
    static final int VIDEO_SSRC = 0xB0B0B0B0;
    static final int VIDEO_RTX_SSRC = 0xB1B1B1B1;
    static final int AUDIO_PT = 111;
    static final int VIDEO_PT = 96;
    static final int VIDEO_RTX_PT = 97;
    static final int PUB_TWCC_ID = 3;
    static final int PUB_MID_ID = 4;
    static final int PUB_ABS_ID = 2;
    static final int SUB_TWCC_ID = 5;
    static final int AUDIO = 0;
    static final int VIDEO = 1;

    static final SourceDescription PUBLISHER = publisher(AUDIO_SSRC, VIDEO_SSRC, VIDEO_RTX_SSRC, true, false);

    long now = 1_000_000_000_000L;
    final MediaClock clock = () -> now;
    final RtcpSource source = new RtcpSource();
    /** Every RTCP compound sent to the source, keyframe requests included. */
    final List<byte[]> toPublisher = source.rtcp;
    final Broadcast broadcast;

    Fixture() {
        this(PUBLISHER, BroadcastOptions.defaults());
    }

    Fixture(SourceDescription publisher, BroadcastOptions options) {
        broadcast = new Broadcast("stream1", publisher, source, Runnable::run, clock, options);
        source.describedBy(broadcast::sourceDescription);
    }

    static SourceDescription publisher(int audioSsrc, int videoSsrc, int rtxSsrc, boolean transportCc, boolean remb) {
        return new SourceDescription(List.of(
                TrackDescription.audio("opus", AUDIO_PT, 48_000, audioSsrc),
                TrackDescription.video("VP8", VIDEO_PT, videoSsrc, rtxSsrc, VIDEO_RTX_PT)),
                Map.of(HeaderExtensionRewriter.TRANSPORT_CC, PUB_TWCC_ID, HeaderExtensionRewriter.MID, PUB_MID_ID,
                        HeaderExtensionRewriter.ABS_SEND_TIME, PUB_ABS_ID),
                transportCc, remb);
    }

    /** A viewer of both tracks: audio PT 111 / video PT 100 with RTX 101 (or none). */
    static ViewerDescription viewer(int n, boolean rtx) {
        return new ViewerDescription(List.of(
                new ViewerTrackDescription(AUDIO, AUDIO_PT, 0x1000 + n, 0, -1),
                new ViewerTrackDescription(VIDEO, 100, 0x2000 + n, 0x3000 + n, rtx ? 101 : -1)),
                Map.of(HeaderExtensionRewriter.TRANSPORT_CC, SUB_TWCC_ID, HeaderExtensionRewriter.MID, 1));
    }

    Sink join(int n, boolean rtx) {
        Sink sink = new Sink();
        sink.viewer = broadcast.addViewer("viewer" + n, viewer(n, rtx), sink);
        return sink;
    }

    void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    void send(byte[] packet) {
        broadcast.onRtp(packet, 0, packet.length, now);
    }

    /** Keyframe requests (PLI compounds) sent to the publisher so far. */
    long plis() {
        return toPublisher.stream().filter(p -> (p[1] & 0xFF) == 206 && (p[0] & 0x1F) == 1).count();
    }

    static void checkRoom(byte[] buf, int off, int len) {
        if (buf.length - (off + len) < MediaSink.TRAILER_ROOM) {
            throw new AssertionError("no SRTP trailer room after the packet");
        }
    }

    /** Counts what reaches the source without keeping it (allocation tests, benchmarks). */
    static final class CountingSource implements MediaSource {
        long rtcp;
        long keyframeRequests;

        @Override
        public void requestKeyframe(int track) {
            keyframeRequests++;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            rtcp++;
        }

        @Override
        public void bitrateHint(long bitsPerSecond) {
        }
    }

    /** Records what a viewer's transport was given. */
    static final class Sink implements MediaSink {
        final List<byte[]> rtp = new ArrayList<>();
        final List<byte[]> rtcp = new ArrayList<>();
        int transportSeq = 100;
        Viewer viewer;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            checkRoom(buf, off, len);
            rtp.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            checkRoom(buf, off, len);
            rtcp.add(java.util.Arrays.copyOfRange(buf, off, off + len));
        }

        @Override
        public int nextTransportSequenceNumber() {
            return transportSeq++;
        }

        byte[] last() {
            return rtp.get(rtp.size() - 1);
        }
    }

    // ------------------------------------------------------------ packets

    /** An RTP packet with a one-byte extension block carrying transport-cc and MID "0". */
    static byte[] rtp(int pt, int seq, int ts, int ssrc, int twcc, byte[] payload) {
        byte[] ext = {(byte) (PUB_TWCC_ID << 4 | 1), (byte) (twcc >>> 8), (byte) twcc, (byte) (PUB_MID_ID << 4), '0', 0, 0, 0};
        byte[] p = new byte[12 + 4 + ext.length + payload.length];
        p[0] = (byte) 0x90;
        p[1] = (byte) pt;
        Bytes.put16(p, 2, seq);
        Bytes.put32(p, 4, ts);
        Bytes.put32(p, 8, ssrc);
        Bytes.put16(p, 12, 0xBEDE);
        Bytes.put16(p, 14, ext.length / 4);
        System.arraycopy(ext, 0, p, 16, ext.length);
        System.arraycopy(payload, 0, p, 16 + ext.length, payload.length);
        return p;
    }

    static byte[] audio(int seq, int ts) {
        return rtp(AUDIO_PT, seq, ts, AUDIO_SSRC, seq, new byte[] {1, 2, 3, 4});
    }

    /** VP8 keyframe start: descriptor S=1, frame tag P=0, start code, 640x480. */
    static final byte[] VP8_KEY = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, (byte) 0x80, 0x02, (byte) 0xe0, 0x01, 7, 7};
    /** VP8 delta frame start: frame tag P=1. */
    static final byte[] VP8_DELTA = {0x10, 0x51, 0x00, 0x00, 9, 9};
    /** VP8 continuation packet (S=0). */
    static final byte[] VP8_MIDDLE = {0x00, 5, 5, 5};

    static byte[] video(int seq, int ts, byte[] payload) {
        return rtp(VIDEO_PT, seq, ts, VIDEO_SSRC, 20_000 + seq, payload);
    }

    static int seq(byte[] p) {
        return Bytes.u16(p, 2);
    }

    static int ts(byte[] p) {
        return Bytes.i32(p, 4);
    }

    static int ssrc(byte[] p) {
        return Bytes.i32(p, 8);
    }

    static int pt(byte[] p) {
        return p[1] & 0x7F;
    }
}
