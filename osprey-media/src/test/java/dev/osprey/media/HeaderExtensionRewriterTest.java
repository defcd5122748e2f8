package dev.osprey.media;

import static dev.osprey.media.HeaderExtensionRewriter.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.AbsSendTime;
import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.RtpPacket;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;

class HeaderExtensionRewriterTest {
    private static final String AUDIO_LEVEL = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    private static byte[] packet(int profile, byte[] ext) {
        byte[] p = new byte[12 + 4 + ext.length + 2];
        p[0] = (byte) 0x90;
        p[1] = 111;
        Bytes.put16(p, 12, profile);
        Bytes.put16(p, 14, ext.length / 4);
        System.arraycopy(ext, 0, p, 16, ext.length);
        p[p.length - 2] = 0x55;
        p[p.length - 1] = 0x66;
        return p;
    }

    private static byte[] rewritten(HeaderExtensionRewriter r, byte[] p, int transportSeq, long now) {
        RtpPacket view = new RtpPacket();
        assertThat(view.wrap(p, 0, p.length)).isTrue();
        r.rewrite(view, transportSeq, now);
        return Arrays.copyOfRange(p, 16, p.length - 2);
    }

    @Test
    void oneByteElementsAreRenumberedStampedOrBlanked() {
        HeaderExtensionRewriter r = new HeaderExtensionRewriter(
                Map.of(AUDIO_LEVEL, 1, TRANSPORT_CC, 3, MID, 4, ABS_SEND_TIME, 2),
                Map.of(AUDIO_LEVEL, 10, TRANSPORT_CC, 5, MID, 4, ABS_SEND_TIME, 14));
        byte[] ext = {0x10, (byte) 0xAA, 0x31, 0x00, 0x07, 0x40, '1', 0x22, 1, 2, 3, 0};
        byte[] out = rewritten(r, packet(0xBEDE, ext), 0x1234, 2_500_000_000L);
        int abs = AbsSendTime.fromNanos(2_500_000_000L);
        assertThat(out).containsExactly(
                (byte) 0xA0, (byte) 0xAA,         // audio level 1 -> 10
                0x51, 0x12, 0x34,                  // transport-cc 3 -> 5, the viewer transport's number
                0, 0,                              // MID is the publisher's: blanked
                (byte) 0xE2, (byte) (abs >>> 16), (byte) (abs >>> 8), (byte) abs, // abs-send-time 2 -> 14, restamped
                0);
    }

    @Test
    void elementsTheViewerDidNotNegotiateAreBlankedAndTheRestOfABrokenListToo() {
        HeaderExtensionRewriter r = new HeaderExtensionRewriter(Map.of(AUDIO_LEVEL, 1, TRANSPORT_CC, 3), Map.of());
        assertThat(r.stampsTransportSequence()).isFalse();
        byte[] ext = {0x10, (byte) 0xAA, 0x3F, 0x00, 0x07, 0x00}; // the second element claims 16 bytes
        byte[] out = rewritten(r, packet(0xBEDE, Arrays.copyOf(ext, 8)), 1, 0);
        assertThat(out).containsOnly(0);
    }

    @Test
    void twoByteElementsAreRenumbered() {
        HeaderExtensionRewriter r = new HeaderExtensionRewriter(Map.of(AUDIO_LEVEL, 1, TRANSPORT_CC, 20),
                Map.of(AUDIO_LEVEL, 200, TRANSPORT_CC, 16));
        byte[] ext = {1, 1, (byte) 0x99, 0, 20, 2, 0, 9};
        byte[] out = rewritten(r, packet(0x1000, ext), 0xBEEF, 0);
        assertThat(out).containsExactly((byte) 200, 1, (byte) 0x99, 0, 16, 2, (byte) 0xBE, (byte) 0xEF);
    }

    @Test
    void anIdTooLargeForTheOneByteFormIsBlanked() {
        HeaderExtensionRewriter r = new HeaderExtensionRewriter(Map.of(AUDIO_LEVEL, 1), Map.of(AUDIO_LEVEL, 15));
        byte[] out = rewritten(r, packet(0xBEDE, new byte[] {0x10, 0x7F, 0, 0}), 0, 0);
        assertThat(out).containsOnly(0);
    }
}
