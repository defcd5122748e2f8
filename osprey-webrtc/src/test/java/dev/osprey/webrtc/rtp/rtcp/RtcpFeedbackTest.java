package dev.osprey.webrtc.rtp.rtcp;

import dev.osprey.webrtc.rtp.Hex;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** NACK, PLI, FIR and REMB against hand-assembled RFC 4585 / 5104 / REMB layouts. */
public class RtcpFeedbackTest {
    public static final String NACK = """
            81 cd 00 04  00 00 00 01  00 00 00 02
            00 64 80 05  00 75 00 00""";
    public static final String PLI = "81 ce 00 02 00 00 00 01 00 00 00 02";
    public static final String FIR = "84 ce 00 04 00 00 00 01 00 00 00 00 00 00 00 02 07 00 00 00";
    public static final String REMB = """
            8f ce 00 05  00 00 00 01  00 00 00 00
            52 45 4d 42  01 0b d0 90  0a 0b 0c 0d""";

    private final byte[] out = new byte[256];

    @Test
    void buildsNackFromLostSequenceNumbers() {
        int len = Nack.write(out, 0, 1, 2, new int[] {100, 101, 103, 116, 117}, 0, 5);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(NACK), 0, 20));
    }

    @Test
    void expandsNackIntoLostSequenceNumbers() {
        byte[] buf = Hex.bytes(NACK);
        assertThat(Nack.isValid(buf, 0, buf.length)).isTrue();
        assertThat(Nack.mediaSsrc(buf, 0)).isEqualTo(2);
        assertThat(Rtcp.senderSsrc(buf, 0)).isEqualTo(1);
        assertThat(Nack.fciCount(buf.length)).isEqualTo(2);
        assertThat(Nack.pid(buf, 0, 0)).isEqualTo(100);
        assertThat(Nack.blp(buf, 0, 0)).isEqualTo(0x8005);
        int[] lost = new int[34];
        int n = Nack.lostSequenceNumbers(buf, 0, buf.length, lost, 0);
        assertThat(Arrays.copyOf(lost, n)).containsExactly(100, 101, 103, 116, 117);
        assertThat(Nack.lostSequenceNumbers(buf, 0, buf.length, new int[3], 0)).as("stops when full").isEqualTo(3);
    }

    @Test
    void nackAcrossTheSequenceWrapAndWithDuplicates() {
        int[] seqs = {65534, 65534, 65535, 0, 3, 40000};
        int len = Nack.write(out, 0, 9, 8, seqs, 0, seqs.length);
        assertThat(Hex.of(out, 12, len - 12)).isEqualTo("ff fe 00 13 9c 40 00 00");
        int[] lost = new int[34];
        int n = Nack.lostSequenceNumbers(out, 0, len, lost, 0);
        assertThat(Arrays.copyOf(lost, n)).containsExactly(65534, 65535, 0, 3, 40000);
    }

    @Test
    void nackRoundTripOfManyLosses() {
        int[] seqs = new int[200];
        for (int i = 0; i < seqs.length; i++) {
            seqs[i] = (65400 + i * 3) & 0xFFFF;
        }
        byte[] big = new byte[1200];
        int len = Nack.write(big, 0, 1, 2, seqs, 0, seqs.length);
        assertThat(Nack.isValid(big, 0, len)).isTrue();
        int[] lost = new int[17 * Nack.fciCount(len)];
        int n = Nack.lostSequenceNumbers(big, 0, len, lost, 0);
        assertThat(Arrays.copyOf(lost, n)).containsExactly(seqs);
        assertThat(Nack.write(new byte[20], 0, 1, 2, seqs, 0, seqs.length)).isEqualTo(-1);
        assertThat(Nack.write(out, 0, 1, 2, seqs, 0, 0)).isEqualTo(-1);
    }

    @Test
    void pliRoundTrip() {
        assertThat(Hex.of(out, 0, Pli.write(out, 0, 1, 2))).isEqualTo(Hex.of(Hex.bytes(PLI), 0, 12));
        byte[] buf = Hex.bytes(PLI);
        assertThat(Pli.isValid(buf, 0, 12)).isTrue();
        assertThat(Pli.mediaSsrc(buf, 0)).isEqualTo(2);
        assertThat(Pli.isValid(buf, 0, 8)).isFalse();
        assertThat(Nack.isValid(buf, 0, 12)).as("PSFB is not RTPFB").isFalse();
    }

    @Test
    void firRoundTrip() {
        assertThat(Hex.of(out, 0, Fir.write(out, 0, 1, 2, 0x107))).isEqualTo(Hex.of(Hex.bytes(FIR), 0, 20));
        byte[] buf = Hex.bytes(FIR);
        assertThat(Fir.isValid(buf, 0, 20)).isTrue();
        assertThat(Fir.entryCount(20)).isEqualTo(1);
        assertThat(Fir.entrySsrc(buf, 0, 0)).isEqualTo(2);
        assertThat(Fir.entrySequenceNumber(buf, 0, 0)).isEqualTo(7);
        assertThat(Fir.isValid(buf, 0, 16)).isFalse();
        assertThat(Pli.isValid(buf, 0, 20)).isFalse();
    }

    @Test
    void rembRoundTrip() {
        int len = Remb.write(out, 0, 1, 1_000_000, new int[] {0x0A0B0C0D}, 1);
        assertThat(Hex.of(out, 0, len)).isEqualTo(Hex.of(Hex.bytes(REMB), 0, 24));
        byte[] buf = Hex.bytes(REMB);
        assertThat(Remb.isValid(buf, 0, 24)).isTrue();
        assertThat(Remb.bitrate(buf, 0)).isEqualTo(1_000_000);
        assertThat(Remb.ssrcCount(buf, 0)).isEqualTo(1);
        assertThat(Remb.ssrc(buf, 0, 0)).isEqualTo(0x0A0B0C0D);
        assertThat(Remb.isValid(buf, 0, 20)).as("SSRC list cut").isFalse();
        buf[12] = 'X';
        assertThat(Remb.isValid(buf, 0, 24)).as("other AFB").isFalse();
    }

    @Test
    void rembBitrateEncoding() {
        assertThat(Remb.write(out, 0, 1, 300_000, new int[0], 0)).isEqualTo(20);
        assertThat(Remb.bitrate(out, 0)).as("exponent 1, mantissa 150000").isEqualTo(300_000);
        Remb.write(out, 0, 1, 123_456_789, new int[0], 0);
        assertThat(Remb.bitrate(out, 0)).isEqualTo(123_456_789L >>> 9 << 9);
        Remb.write(out, 0, 1, 0x3FFFF, new int[0], 0);
        assertThat(Hex.of(out, 16, 4)).isEqualTo("00 03 ff ff");
        Remb.write(out, 0, 1, Long.MAX_VALUE, new int[0], 0);
        assertThat(Remb.bitrate(out, 0)).isEqualTo(Long.MAX_VALUE >>> 45 << 45);
        out[17] = (byte) 0xFF; // exponent 63 with a large mantissa saturates
        assertThat(Remb.bitrate(out, 0)).isEqualTo(Long.MAX_VALUE);
    }
}
