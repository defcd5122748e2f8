package dev.osprey.loadtest.peer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.loadtest.media.EncodedFrame;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A publisher's packets go through a fake forwarder that rewrites what servers rewrite (SSRC, sequence
 * numbers, timestamps, VP8 picture id) to a viewer: payload matching still finds the send times, and
 * loss is counted from the rewritten sequence numbers.
 */
class MediaLoopTest {

    private static MediaClip clip() {
        List<EncodedFrame> video = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            byte[] frame = new byte[1500 + i * 10];
            for (int k = 0; k < frame.length; k++) {
                frame[k] = (byte) (i * 13 + k * 7);
            }
            frame[0] = (byte) (i % 5 == 0 ? 0x10 : 0x11); // VP8 frame tag: P bit 0 on keyframes
            video.add(new EncodedFrame(frame, i % 5 == 0));
        }
        List<byte[]> audio = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            audio.add(new byte[] {(byte) 0xFC, (byte) i, 1, 2, 3});
        }
        return MediaClip.of(Codec.VP8, 64, 64, 10, video, audio);
    }

    @Test
    void forwardedPacketsAreMatchedCountedAndLossIsSeen() {
        RunStats stats = new RunStats();
        LatencyTags tags = new LatencyTags();
        int[] clock = new int[128];
        boolean[] vp8 = new boolean[128];
        clock[100] = 90_000;
        clock[109] = 48_000;
        vp8[100] = true;
        ViewerMedia viewer = new ViewerMedia(stats, tags, clock, vp8);
        int[] forwarded = {0};
        RtpSink forwarder = (buf, off, len) -> {
            byte[] copy = java.util.Arrays.copyOfRange(buf, off, off + len);
            boolean video = (copy[1] & 0x7F) == 96;
            copy[1] = (byte) (copy[1] & 0x80 | (video ? 100 : 109)); // the server's payload types
            copy[8] = 0x55;                                            // its SSRC
            copy[4] ^= 0x40;                                           // its timestamp offset
            if (video) {
                Vp8Payload.setPictureId(copy, 12, len - 12, 77);       // its picture ids
            }
            if (forwarded[0]++ != 7) {                                 // one packet lost on the way
                viewer.onRtp(copy, 0, copy.length);
            }
            return true;
        };
        PublisherMedia publisher = new PublisherMedia(clip(), 96, 111, 0x11111111, 0x22222222, forwarder, stats, tags);

        for (int i = 0; i < 10; i++) {
            publisher.sendVideoFrame();
            publisher.sendAudioFrame();
        }

        assertThat(publisher.packetsSent()).isEqualTo(forwarded[0]).isEqualTo(stats.packetsSent.sum());
        assertThat(viewer.packets()).isEqualTo(forwarded[0] - 1);
        RunStats.ViewerResult result = viewer.result(0, true);
        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.expected()).isEqualTo(forwarded[0]);
        assertThat(result.latencySamples()).isEqualTo(forwarded[0] - 1);
        assertThat(stats.latencyMicros.count()).isEqualTo(forwarded[0] - 1);
        assertThat(stats.latencyMicros.max()).isLessThan(1_000_000);
    }

    @Test
    void aPliMakesTheNextFrameAKeyframe() {
        List<Boolean> keyframes = new ArrayList<>();
        RtpSink sink = (buf, off, len) -> {
            if ((buf[off + 1] & 0x7F) == 96 && Vp8Payload.isStartOfFrame(buf, off + 12, len - 12)) {
                keyframes.add(Vp8Payload.isKeyframe(buf, off + 12, len - 12));
            }
            return true;
        };
        PublisherMedia publisher = new PublisherMedia(clip(), 96, 111, 1, 2, sink, new RunStats(), null);
        publisher.sendVideoFrame();
        publisher.sendVideoFrame();
        byte[] rtcp = {(byte) 0x81, (byte) 201, 0, 1, 0, 0, 0, 1, // empty RR, then a PLI
                (byte) 0x81, (byte) 206, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2};
        assertThat(PublisherMedia.asksForKeyframe(rtcp, 0, rtcp.length)).isTrue();
        assertThat(PublisherMedia.asksForKeyframe(rtcp, 0, 8)).isFalse();
        publisher.requestKeyframe();
        publisher.sendVideoFrame();
        publisher.sendVideoFrame();
        assertThat(keyframes).containsExactly(true, false, true, false);
    }
}
