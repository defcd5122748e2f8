package dev.osprey.webrtc.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RtpPacketTest {
    /** 2 CSRCs, one-byte extensions (abs-send-time id 2, transport-cc id 3, a padding byte), 5-byte payload, 3 bytes padding. */
    static final String ONE_BYTE = """
            b2 e0 12 34  de ad be ef  11 22 33 44
            aa aa aa aa  bb bb bb bb
            be de 00 02  22 12 34 56  31 00 05 00
            01 02 03 04 05
            00 00 03""";

    /** Two-byte extensions: id 3 (2 bytes), id 15 (empty), id 200 (3 bytes), a padding byte. */
    static final String TWO_BYTE = """
            90 60 00 01  00 00 00 01  00 00 00 02
            10 00 00 03  03 02 ab cd  0f 00 c8 03  01 02 03 00
            aa""";

    private final RtpPacket packet = new RtpPacket();

    @Test
    void readsEveryHeaderFieldWithCsrcsExtensionAndPadding() {
        byte[] buf = Hex.at(7, Hex.bytes(ONE_BYTE), 5);
        assertThat(packet.wrap(buf, 7, 40)).isTrue();
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.hasPadding()).isTrue();
        assertThat(packet.hasExtension()).isTrue();
        assertThat(packet.csrcCount()).isEqualTo(2);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(96);
        assertThat(packet.sequenceNumber()).isEqualTo(0x1234);
        assertThat(packet.timestamp()).isEqualTo(0xDEADBEEF);
        assertThat(packet.ssrc()).isEqualTo(0x11223344);
        assertThat(packet.csrc(0)).isEqualTo(0xAAAAAAAA);
        assertThat(packet.csrc(1)).isEqualTo(0xBBBBBBBB);
        assertThat(packet.extensionProfile()).isEqualTo(0xBEDE);
        assertThat(packet.extensionOffset()).isEqualTo(7 + 24);
        assertThat(packet.extensionLength()).isEqualTo(8);
        assertThat(packet.headerLength()).isEqualTo(32);
        assertThat(packet.payloadOffset()).isEqualTo(7 + 32);
        assertThat(packet.payloadLength()).isEqualTo(5);
        assertThat(packet.paddingLength()).isEqualTo(3);
        assertThat(buf[packet.payloadOffset()]).isEqualTo((byte) 1);
    }

    @Test
    void findsOneByteExtensions() {
        byte[] buf = Hex.bytes(ONE_BYTE);
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.findExtension(2)).isEqualTo(25);
        assertThat(packet.extensionElementLength(25)).isEqualTo(3);
        assertThat(packet.findExtension(3)).isEqualTo(29);
        assertThat(packet.extensionElementLength(29)).isEqualTo(2);
        assertThat(packet.findExtension(4)).isEqualTo(-1);
        assertThat(packet.findExtension(0)).isEqualTo(-1);
        assertThat(packet.findExtension(15)).isEqualTo(-1);
        assertThat(AbsSendTime.read(packet, 2)).isEqualTo(0x123456);
        assertThat(TransportSequenceNumber.read(packet, 3)).isEqualTo(5);
        assertThat(TransportSequenceNumber.read(packet, 2)).as("wrong length").isEqualTo(-1);
    }

    @Test
    void findsTwoByteExtensionsIncludingEmptyAndHighIds() {
        byte[] buf = Hex.bytes(TWO_BYTE);
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.extensionProfile()).isEqualTo(0x1000);
        assertThat(packet.findExtension(3)).isEqualTo(18);
        assertThat(TransportSequenceNumber.read(packet, 3)).isEqualTo(0xABCD);
        assertThat(packet.findExtension(15)).isEqualTo(22);
        assertThat(packet.extensionElementLength(22)).isZero();
        assertThat(packet.findExtension(200)).isEqualTo(24);
        assertThat(AbsSendTime.read(packet, 200)).isEqualTo(0x010203);
        assertThat(packet.findExtension(4)).isEqualTo(-1);
        assertThat(packet.payloadLength()).isEqualTo(1);
        assertThat(buf[packet.payloadOffset()]).isEqualTo((byte) 0xAA);
    }

    @Test
    void oneByteIdFifteenStopsTheScan() {
        byte[] buf = Hex.bytes("90 60 00 01 00 00 00 01 00 00 00 02 be de 00 01 f0 21 aa bb");
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.findExtension(2)).isEqualTo(-1);
    }

    @Test
    void unknownProfileHasNoElements() {
        byte[] buf = Hex.bytes("90 60 00 01 00 00 00 01 00 00 00 02 ab cd 00 01 21 aa bb 00");
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.extensionProfile()).isEqualTo(0xABCD);
        assertThat(packet.findExtension(2)).isEqualTo(-1);
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void malformedElementListIsNotFound() {
        // element id 2 claims 4 bytes but the block holds only 3 after it
        byte[] buf = Hex.bytes("90 60 00 01 00 00 00 01 00 00 00 02 be de 00 01 13 aa bb 00 99");
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(packet.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void rewritesHeaderFieldsAndExtensionsInPlace() {
        byte[] buf = Hex.at(3, Hex.bytes(ONE_BYTE), 4);
        byte[] before = buf.clone();
        assertThat(packet.wrap(buf, 3, 40)).isTrue();
        packet.setSsrc(0xCAFEBABE);
        packet.setSequenceNumber(0x10001);
        packet.setTimestamp(42);
        packet.setPayloadType(0xFF);
        packet.setMarker(false);
        assertThat(AbsSendTime.write(packet, 2, 0xABCDEF)).isTrue();
        assertThat(TransportSequenceNumber.write(packet, 3, 0xFFFE)).isTrue();
        assertThat(TransportSequenceNumber.write(packet, 9, 1)).isFalse();

        assertThat(Hex.of(buf, 3, 40)).isEqualTo(Hex.of(Hex.bytes("""
                b2 7f 00 01  00 00 00 2a  ca fe ba be
                aa aa aa aa  bb bb bb bb
                be de 00 02  22 ab cd ef  31 ff fe 00
                01 02 03 04 05
                00 00 03"""), 0, 40));
        assertThat(java.util.Arrays.copyOfRange(buf, 0, 3)).isEqualTo(java.util.Arrays.copyOfRange(before, 0, 3));
        assertThat(java.util.Arrays.copyOfRange(buf, 43, 47)).isEqualTo(java.util.Arrays.copyOfRange(before, 43, 47));
        packet.setMarker(true);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(127);
    }

    @Test
    void rejectsGarbageAndTruncation() {
        byte[] good = Hex.bytes(ONE_BYTE);
        assertThat(packet.wrap(good, 0, 11)).as("shorter than fixed header").isFalse();
        assertThat(packet.wrap(good, 0, 19)).as("CSRC list cut").isFalse();
        assertThat(packet.wrap(good, 0, 23)).as("extension header cut").isFalse();
        assertThat(packet.wrap(good, 0, 30)).as("extension data cut").isFalse();
        assertThat(packet.wrap(good, -1, 10)).isFalse();
        assertThat(packet.wrap(good, 0, 41)).isFalse();
        assertThat(packet.wrap(null, 0, 0)).isFalse();

        byte[] v1 = good.clone();
        v1[0] = (byte) 0x72;
        assertThat(packet.wrap(v1, 0, v1.length)).as("version 1").isFalse();

        byte[] zeroPad = good.clone();
        zeroPad[39] = 0;
        assertThat(packet.wrap(zeroPad, 0, zeroPad.length)).as("padding count 0").isFalse();

        byte[] longPad = good.clone();
        longPad[39] = 9;
        assertThat(packet.wrap(longPad, 0, longPad.length)).as("padding longer than payload").isFalse();
        longPad[39] = 8;
        assertThat(packet.wrap(longPad, 0, longPad.length)).as("padding exactly fills payload").isTrue();
        assertThat(packet.payloadLength()).isZero();
    }

    @Test
    void minimalPacketHasEmptyPayload() {
        byte[] buf = Hex.bytes("80 00 00 00 00 00 00 00 00 00 00 00");
        assertThat(packet.wrap(buf, 0, 12)).isTrue();
        assertThat(packet.payloadLength()).isZero();
        assertThat(packet.extensionProfile()).isEqualTo(-1);
        assertThat(packet.findExtension(1)).isEqualTo(-1);
    }

    @Test
    void absSendTimeConversions() {
        assertThat(AbsSendTime.fromNanos(1_500_000_000L)).isEqualTo(0x060000);
        assertThat(AbsSendTime.fromNanos(64_000_000_000L)).as("wraps at 64 s").isZero();
        assertThat(AbsSendTime.toMicros(0x060000)).isEqualTo(1_500_000L);
        assertThat(AbsSendTime.toMicros(0xFFFFFF)).isEqualTo(63_999_996L);
    }

    @Test
    void audioLevel() {
        byte[] buf = Hex.bytes("90 6f 00 01 00 00 00 01 00 00 00 02 be de 00 01 10 a1 00 00");
        assertThat(packet.wrap(buf, 0, buf.length)).isTrue();
        assertThat(AudioLevel.level(packet, 1)).isEqualTo(0x21);
        assertThat(AudioLevel.voiceActivity(packet, 1)).isTrue();
        assertThat(AudioLevel.level(packet, 2)).isEqualTo(-1);
        assertThat(AudioLevel.voiceActivity(packet, 2)).isFalse();
    }

    @Test
    void aWrittenHeaderReadsBackWithEveryField() {
        byte[] buf = new byte[4 + 12 + 3];
        assertThat(RtpPacket.writeHeader(buf, 4, true, 111, 0xFFFE, 0x89ABCDEF, 0xDEADBEEF)).isEqualTo(12);
        RtpPacket packet = new RtpPacket();
        assertThat(packet.wrap(buf, 4, buf.length - 4)).isTrue();
        assertThat(packet.version()).isEqualTo(2);
        assertThat(packet.marker()).isTrue();
        assertThat(packet.payloadType()).isEqualTo(111);
        assertThat(packet.sequenceNumber()).isEqualTo(0xFFFE);
        assertThat(packet.timestamp()).isEqualTo(0x89ABCDEF);
        assertThat(packet.ssrc()).isEqualTo(0xDEADBEEF);
        assertThat(packet.hasExtension()).isFalse();
        assertThat(packet.csrcCount()).isZero();
        assertThat(packet.payloadLength()).isEqualTo(3);
    }
}
