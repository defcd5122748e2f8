package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Bytes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class BroadcastForwardingTest {

    @Test
    void fansOutToThreeViewersWithExactlyRewrittenHeaders() {
        Fixture f = new Fixture();
        List<Sink> sinks = List.of(f.join(1, true), f.join(2, true), f.join(3, false));
        byte[] in = audio(1000, 5000);
        f.send(in);

        for (int n = 0; n < 3; n++) {
            Sink sink = sinks.get(n);
            assertThat(sink.rtp).hasSize(1);
            byte[] expected = in.clone();
            Bytes.put16(expected, 2, sink.viewer.nextSequence(AUDIO) - 1);
            Bytes.put32(expected, 8, 0x1000 + n + 1);
            // transport-cc renumbered 3 -> 5 and stamped with the viewer transport's counter; MID blanked
            byte[] ext = {(byte) (SUB_TWCC_ID << 4 | 1), 0, 100, 0, 0, 0, 0, 0};
            System.arraycopy(ext, 0, expected, 16, ext.length);
            assertThat(sink.rtp.get(0)).isEqualTo(expected);
        }
        assertThat(in).as("the publisher's buffer is untouched").isEqualTo(audio(1000, 5000));
    }

    @Test
    void videoGetsTheViewersPayloadTypeAndSsrc() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        int first = sink.viewer.nextSequence(VIDEO);
        f.send(video(50, 9000, VP8_KEY));
        f.send(video(51, 9000, VP8_MIDDLE));
        assertThat(sink.rtp).hasSize(2);
        assertThat(pt(sink.rtp.get(0))).isEqualTo(100);
        assertThat(ssrc(sink.rtp.get(1))).isEqualTo(0x2001);
        assertThat(seq(sink.rtp.get(0))).isEqualTo(first);
        assertThat(seq(sink.rtp.get(1))).isEqualTo((first + 1) & 0xFFFF);
        assertThat(ts(sink.rtp.get(1))).isEqualTo(9000);
    }

    @Test
    void lateJoinerStartsAtAKeyframeAndTriggersExactlyOnePli() {
        Fixture f = new Fixture();
        f.send(video(10, 0, VP8_KEY));
        f.send(video(11, 3000, VP8_DELTA));
        Sink sink = f.join(1, true);
        assertThat(f.plis()).isEqualTo(1);
        int first = sink.viewer.nextSequence(VIDEO);

        f.advanceMillis(10);
        f.send(audio(500, 960));
        f.send(video(12, 6000, VP8_DELTA));
        f.send(video(13, 6000, VP8_MIDDLE));
        f.advanceMillis(30);
        f.broadcast.tick();
        assertThat(sink.rtp).as("audio at once, video waits").hasSize(1);
        f.send(video(14, 9000, VP8_KEY));
        f.send(video(15, 9000, VP8_MIDDLE));
        f.send(video(16, 12000, VP8_DELTA));
        f.advanceMillis(1000);
        f.broadcast.tick();

        List<byte[]> videoOut = sink.rtp.stream().filter(p -> pt(p) == 100).toList();
        assertThat(videoOut).hasSize(3);
        assertThat(videoOut.stream().map(Fixture::seq).toList())
                .containsExactly(first, (first + 1) & 0xFFFF, (first + 2) & 0xFFFF);
        assertThat(ts(videoOut.get(0))).isEqualTo(9000);
        assertThat(f.plis()).isEqualTo(1);
    }

    @Test
    void thousandJoiningViewersCauseOnlyAFewKeyframeRequestsPerSecond() {
        Fixture f = new Fixture();
        f.send(video(1, 0, VP8_DELTA));
        List<Sink> sinks = new ArrayList<>();
        // 1,000 viewers over 2 s (one every 2 ms), no keyframe arrives, tick every 20 ms
        for (int i = 0; i < 1000; i++) {
            sinks.add(f.join(i, true));
            f.advanceMillis(2);
            if (i % 10 == 9) {
                f.broadcast.tick();
            }
        }
        // 400 ms throttle: at most 1 + 2000/400 requests in 2 s
        assertThat(f.plis()).isBetween(5L, 6L);
        assertThat(f.broadcast.keyframeRequestsSent()).isEqualTo(f.plis());
        // each request is PLI + FIR (FIR negotiated), FIR sequence numbers increase
        byte[] last = f.toPublisher.get(f.toPublisher.size() - 1);
        assertThat(last).hasSize(12 + 20);
        assertThat(last[12 + 16] & 0xFF).isEqualTo((int) f.plis());
    }

    @Test
    void viewerPliIsThrottledWithJoins() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(1, 0, VP8_KEY));
        byte[] pli = new byte[12];
        int len = dev.osprey.webrtc.rtp.rtcp.Pli.write(pli, 0, 0x2001, 0x2001);
        f.advanceMillis(100);
        sink.viewer.onRtcp(pli, 0, len);
        sink.viewer.onRtcp(pli, 0, len);
        assertThat(f.plis()).isEqualTo(1);
        f.advanceMillis(300);
        f.broadcast.tick();
        assertThat(f.plis()).as("deferred request goes out after the interval").isEqualTo(2);
        assertThat(sink.viewer.keyframeRequestsReceived()).isEqualTo(2);
    }

    @Test
    void publisherRestartKeepsSequenceContiguousAndTimestampsMonotonic() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        for (int i = 0; i < 5; i++) {
            f.send(video(100 + i, 1000 + 3000 * i, i == 0 ? VP8_KEY : VP8_DELTA));
            f.send(audio(200 + i, 960 * i));
            f.advanceMillis(33);
        }
        f.advanceMillis(500);
        f.broadcast.restartSource(Fixture.publisher(0xCAFE0001, 0xCAFE0002, 0xCAFE0003, true, false));
        long plisAfterRestart = f.plis();
        for (int i = 0; i < 5; i++) {
            byte[] v = rtp(VIDEO_PT, 40000 + i, 777 + 3000 * i, 0xCAFE0002, 1, i == 1 ? VP8_KEY : VP8_DELTA);
            byte[] a = rtp(AUDIO_PT, 9 + i, 123 + 960 * i, 0xCAFE0001, 1, new byte[] {1});
            f.send(v);
            f.send(a);
            f.advanceMillis(33);
        }
        assertThat(plisAfterRestart).isEqualTo(2);
        for (int pt : new int[] {AUDIO_PT, 100}) {
            List<byte[]> out = sink.rtp.stream().filter(p -> pt(p) == pt).toList();
            assertThat(out).hasSize(pt == AUDIO_PT ? 10 : 9); // the video delta before the new keyframe is dropped
            for (int i = 1; i < out.size(); i++) {
                assertThat(seq(out.get(i))).isEqualTo((seq(out.get(i - 1)) + 1) & 0xFFFF);
                assertThat(ts(out.get(i)) - ts(out.get(i - 1))).isPositive();
                assertThat(ssrc(out.get(i))).isEqualTo(ssrc(out.get(0)));
            }
        }
        // the new keyframe lands after the 566 ms that passed since the last old video packet
        List<byte[]> v = sink.rtp.stream().filter(p -> pt(p) == 100).toList();
        assertThat(ts(v.get(5)) - ts(v.get(4))).isEqualTo(90 * (33 + 500 + 33));
    }

    @Test
    void pausedVideoResumesAtAKeyframeWithoutASequenceGap() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(1, 0, VP8_KEY));
        sink.viewer.setTrackEnabled(VIDEO, false);
        f.send(video(2, 3000, VP8_DELTA));
        f.send(video(3, 6000, VP8_DELTA));
        sink.viewer.setTrackEnabled(VIDEO, true);
        f.advanceMillis(500);
        long plis = f.plis();
        f.send(video(4, 9000, VP8_DELTA));
        assertThat(f.plis()).as("resume asks for a keyframe").isEqualTo(plis + 1);
        f.send(video(5, 12000, VP8_KEY));
        assertThat(sink.rtp).hasSize(2);
        assertThat(seq(sink.rtp.get(1))).isEqualTo((seq(sink.rtp.get(0)) + 1) & 0xFFFF);
        assertThat(ts(sink.rtp.get(1))).isEqualTo(12000);
    }

    @Test
    void removedViewerGetsNothingMore() {
        Fixture f = new Fixture();
        Sink a = f.join(1, true);
        Sink b = f.join(2, true);
        f.send(audio(1, 0));
        f.broadcast.removeViewer(a.viewer);
        f.send(audio(2, 960));
        assertThat(a.rtp).hasSize(1);
        assertThat(b.rtp).hasSize(2);
        assertThat(f.broadcast.viewerCount()).isEqualTo(1);
    }

    @Test
    void garbageIsDroppedAndCounted() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        byte[] junk = {0x12, 0x34, 0x56};
        f.broadcast.onRtp(junk, 0, junk.length, f.now);
        f.broadcast.onRtp(new byte[20], 0, 20, f.now); // version 0
        f.send(rtp(AUDIO_PT, 1, 1, 0x12345678, 1, new byte[] {1})); // unknown SSRC
        f.send(rtp(99, 1, 1, AUDIO_SSRC, 1, new byte[] {1})); // wrong payload type
        f.send(rtp(AUDIO_PT, 1, 1, AUDIO_SSRC, 1, new byte[0])); // padding-only probe
        f.broadcast.onRtcp(junk, 0, junk.length);
        sink.viewer.onRtcp(junk, 0, junk.length);

        assertThat(sink.rtp).isEmpty();
        assertThat(f.broadcast.malformedRtp()).isEqualTo(2);
        assertThat(f.broadcast.unknownSsrc()).isEqualTo(1);
        assertThat(f.broadcast.unknownPayloadType()).isEqualTo(1);
        assertThat(f.broadcast.paddingOnly()).isEqualTo(1);
        assertThat(f.broadcast.malformedRtcp()).isEqualTo(1);
        assertThat(sink.viewer.malformedRtcp()).isEqualTo(1);
    }

    @Test
    void streamInfoReportsPictureSizeAndBitrates() {
        Fixture f = new Fixture();
        for (int i = 0; i < 50; i++) {
            f.send(video(i, 3000 * i, i == 0 ? VP8_KEY : VP8_DELTA));
            f.send(audio(i, 960 * i));
            f.advanceMillis(20);
        }
        f.broadcast.tick();
        StreamInfo info = f.broadcast.streamInfo();
        assertThat(info.width()).isEqualTo(640);
        assertThat(info.height()).isEqualTo(480);
        assertThat(info.videoCodec()).isEqualTo("VP8");
        // 50 packets per second (over the last 1 s window), 8 bits per byte
        assertThat(info.videoBitrate()).isEqualTo(50L * video(1, 0, VP8_DELTA).length * 8);
        assertThat(info.audioBitrate()).isEqualTo(50L * audio(1, 0).length * 8);
    }
}
