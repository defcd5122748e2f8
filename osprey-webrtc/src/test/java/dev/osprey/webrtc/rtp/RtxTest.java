package dev.osprey.webrtc.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RtxTest {
    private final RtpPacket packet = new RtpPacket();

    @Test
    void wrapsAPacketAsRtxKeepingExtensionsAndDroppingPadding() {
        byte[] original = Hex.bytes(RtpPacketTest.ONE_BYTE);
        assertThat(packet.wrap(original, 0, original.length)).isTrue();
        byte[] dst = new byte[64];
        int len = Rtx.wrap(packet, dst, 2, 0x0BADF00D, 0x0100, 97);
        assertThat(len).isEqualTo(32 + 2 + 5);
        assertThat(Hex.of(dst, 2, len)).isEqualTo(Hex.of(Hex.bytes("""
                92 e1 01 00  de ad be ef  0b ad f0 0d
                aa aa aa aa  bb bb bb bb
                be de 00 02  22 12 34 56  31 00 05 00
                12 34
                01 02 03 04 05"""), 0, len));

        RtpPacket rtx = new RtpPacket();
        assertThat(rtx.wrap(dst, 2, len)).isTrue();
        assertThat(Rtx.originalSequenceNumber(rtx)).isEqualTo(0x1234);
        assertThat(TransportSequenceNumber.read(rtx, 3)).isEqualTo(5);
    }

    @Test
    void unwrapRestoresTheOriginalInPlace() {
        byte[] original = Hex.bytes(RtpPacketTest.ONE_BYTE);
        assertThat(packet.wrap(original, 0, original.length)).isTrue();
        byte[] buf = new byte[64];
        int len = Rtx.wrap(packet, buf, 0, 0x0BADF00D, 0x0100, 97);
        RtpPacket rtx = new RtpPacket();
        assertThat(rtx.wrap(buf, 0, len)).isTrue();

        int restored = Rtx.unwrap(rtx, buf, 0, 0x11223344, 96);
        assertThat(restored).isEqualTo(37);
        // the original without its padding (P bit cleared)
        byte[] expected = java.util.Arrays.copyOf(original, 37);
        expected[0] = (byte) 0x92;
        assertThat(Hex.of(buf, 0, restored)).isEqualTo(Hex.of(expected, 0, 37));
    }

    @Test
    void wrapInPlaceWithRoomAfterThePacket() {
        byte[] buf = new byte[50];
        byte[] original = Hex.bytes("80 60 00 07 00 00 00 09 00 00 00 05 aa bb cc");
        System.arraycopy(original, 0, buf, 0, original.length);
        assertThat(packet.wrap(buf, 0, original.length)).isTrue();
        int len = Rtx.wrap(packet, buf, 0, 6, 300, 97);
        assertThat(Hex.of(buf, 0, len)).isEqualTo("80 61 01 2c 00 00 00 09 00 00 00 06 00 07 aa bb cc");
    }

    @Test
    void paddingOnlyRtxHasNoOriginalSequence() {
        byte[] probe = Hex.bytes("a0 61 00 01 00 00 00 01 00 00 00 02 00 00 00 04");
        assertThat(packet.wrap(probe, 0, probe.length)).isTrue();
        assertThat(Rtx.originalSequenceNumber(packet)).isEqualTo(-1);
        assertThat(Rtx.unwrap(packet, new byte[32], 0, 1, 96)).isEqualTo(-1);
    }

    @Test
    void refusesTooSmallDestination() {
        byte[] original = Hex.bytes("80 60 00 07 00 00 00 09 00 00 00 05 aa bb cc");
        assertThat(packet.wrap(original, 0, original.length)).isTrue();
        assertThat(Rtx.wrap(packet, new byte[16], 0, 1, 2, 97)).isEqualTo(-1);
        assertThat(Rtx.wrap(packet, new byte[17], 0, 1, 2, 97)).isEqualTo(17);
    }
}
