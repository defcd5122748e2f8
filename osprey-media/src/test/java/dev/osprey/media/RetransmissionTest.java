package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

class RetransmissionTest {

    private static byte[] nack(int senderSsrc, int mediaSsrc, int... lost) {
        byte[] b = new byte[200];
        int len = Nack.write(b, 0, senderSsrc, mediaSsrc, lost, 0, lost.length);
        return Arrays.copyOf(b, len);
    }

    private static int[] lostIn(byte[] nack) {
        int[] out = new int[64];
        int n = Nack.lostSequenceNumbers(nack, 0, nack.length, out, 0);
        return Arrays.copyOf(out, n);
    }

    private static void viewerRtcp(Sink sink, byte[] rtcp) {
        sink.viewer.onRtcp(rtcp, 0, rtcp.length);
    }

    @Test
    void viewerNackIsAnsweredAsRtxWithItsOwnRtxSequence() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(10, 0, VP8_KEY));
        f.send(video(11, 0, VP8_MIDDLE));
        f.send(video(12, 3000, VP8_DELTA));
        byte[] forwarded = sink.rtp.get(1);
        int rtxSeq = sink.viewer.nextRtxSequence(VIDEO);

        viewerRtcp(sink, nack(0x2001, 0x2001, seq(forwarded)));
        f.advanceMillis(100); // a round trip later the viewer may ask again
        viewerRtcp(sink, nack(0x2001, 0x2001, seq(forwarded)));

        assertThat(sink.rtp).hasSize(5);
        for (int i = 0; i < 2; i++) {
            byte[] rtx = sink.rtp.get(3 + i);
            assertThat(ssrc(rtx)).isEqualTo(0x3001);
            assertThat(pt(rtx)).isEqualTo(101);
            assertThat(seq(rtx)).isEqualTo((rtxSeq + i) & 0xFFFF);
            RtpPacket view = new RtpPacket();
            assertThat(view.wrap(rtx, 0, rtx.length)).isTrue();
            assertThat(Rtx.originalSequenceNumber(view)).isEqualTo(seq(forwarded));
            assertThat(ts(rtx)).isEqualTo(ts(forwarded));
            assertThat(Arrays.copyOfRange(rtx, view.payloadOffset() + 2, rtx.length))
                    .isEqualTo(VP8_MIDDLE);
        }
        assertThat(sink.viewer.retransmissionsSent()).isEqualTo(2);
    }

    @Test
    void withoutRtxTheOriginalPacketIsResentOnTheMediaSsrc() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, false);
        f.send(video(10, 0, VP8_KEY));
        f.send(video(11, 0, VP8_MIDDLE));
        byte[] forwarded = sink.rtp.get(0);

        viewerRtcp(sink, nack(0x2001, 0x2001, seq(forwarded)));

        byte[] again = sink.rtp.get(2);
        byte[] expected = forwarded.clone();
        Bytes.put16(expected, 17, Bytes.u16(again, 17)); // a fresh transport-wide sequence number
        assertThat(again).isEqualTo(expected);
        assertThat(Bytes.u16(again, 17)).isEqualTo(Bytes.u16(forwarded, 17) + 2);
    }

    @Test
    void unknownOrForgottenPacketsAreCountedAsMisses() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(10, 0, VP8_KEY));
        int out = seq(sink.rtp.get(0));
        viewerRtcp(sink, nack(0x2001, 0x2001, (out + 1) & 0xFFFF, (out + 2) & 0xFFFF));
        f.advanceMillis(1500);
        viewerRtcp(sink, nack(0x2001, 0x2001, out)); // older than the cache's age limit
        viewerRtcp(sink, nack(0x2001, 0x9999, out)); // not one of this viewer's SSRCs
        assertThat(sink.rtp).hasSize(1);
        assertThat(sink.viewer.retransmissionMisses()).isEqualTo(3);
    }

    @Test
    void publisherRtxFillsTheViewersGapWithTheRightSequenceNumber() {
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        f.send(video(10, 0, VP8_KEY));
        f.send(video(12, 3000, VP8_DELTA)); // 11 lost on the publisher's leg
        byte[] original = video(11, 0, VP8_MIDDLE);
        RtpPacket view = new RtpPacket();
        view.wrap(original, 0, original.length);
        byte[] rtx = new byte[original.length + 2];
        Rtx.wrap(view, rtx, 0, VIDEO_RTX_SSRC, 1, VIDEO_RTX_PT);
        f.send(rtx);

        assertThat(sink.rtp).hasSize(3);
        int first = seq(sink.rtp.get(0));
        assertThat(seq(sink.rtp.get(1))).isEqualTo((first + 2) & 0xFFFF);
        byte[] recovered = sink.rtp.get(2);
        assertThat(seq(recovered)).isEqualTo((first + 1) & 0xFFFF);
        assertThat(ssrc(recovered)).isEqualTo(0x2001);
        assertThat(pt(recovered)).isEqualTo(100);
        assertThat(Arrays.copyOfRange(recovered, recovered.length - VP8_MIDDLE.length, recovered.length))
                .isEqualTo(VP8_MIDDLE);
    }

    @Test
    void gapOnThePublishersLegIsNackedWithRetriesUntilTheLimit() {
        Fixture f = new Fixture();
        f.send(video(1, 0, VP8_KEY));
        f.send(video(2, 0, VP8_MIDDLE));
        f.send(video(5, 3000, VP8_DELTA));
        List<byte[]> nacks = f.toPublisher.stream().filter(p -> (p[1] & 0xFF) == 205 && (p[0] & 0x1F) == 1).toList();
        assertThat(nacks).hasSize(1);
        assertThat(Nack.mediaSsrc(nacks.get(0), 0)).isEqualTo(VIDEO_SSRC);
        assertThat(lostIn(nacks.get(0))).containsExactly(3, 4);

        f.advanceMillis(50);
        f.broadcast.tick();
        assertThat(f.broadcast.nacksSent()).as("not before the retry interval").isEqualTo(1);
        f.advanceMillis(60);
        f.send(video(3, 0, VP8_MIDDLE)); // recovered
        f.broadcast.tick();
        byte[] retry = f.toPublisher.get(f.toPublisher.size() - 1);
        assertThat(lostIn(retry)).containsExactly(4);

        for (int i = 0; i < 10; i++) {
            f.advanceMillis(110);
            f.broadcast.tick();
        }
        long nackCount = f.toPublisher.stream().filter(p -> (p[1] & 0xFF) == 205 && (p[0] & 0x1F) == 1).count();
        assertThat(nackCount).as("5 tries for seq 4").isEqualTo(5);
    }

    @Test
    void aGapTooLargeToNackAsksForAKeyframeInstead() {
        Fixture f = new Fixture();
        f.send(video(1, 0, VP8_KEY));
        f.advanceMillis(1000);
        long plis = f.plis();
        f.send(video(1 + LossTracker.CAPACITY + 2, 90_000, VP8_DELTA));
        assertThat(f.broadcast.nacksSent()).isZero();
        assertThat(f.plis()).isEqualTo(plis + 1);
    }

    @Test
    void audioWithoutNackNegotiatedIsNeverNacked() {
        Fixture f = new Fixture();
        f.send(audio(1, 0));
        f.send(audio(9, 960 * 8));
        assertThat(f.broadcast.nacksSent()).isZero();
    }
}
