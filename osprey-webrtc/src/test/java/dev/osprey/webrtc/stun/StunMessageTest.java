package dev.osprey.webrtc.stun;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.webrtc.rtp.Hex;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private static final byte[] TX = Hex.bytes("01 02 03 04 05 06 07 08 09 0a 0b 0c");
    private final MessageIntegrity integrity = new MessageIntegrity("abcdefghijklmnopqrstuvwxyz");
    private final StunMessage msg = new StunMessage();
    private final byte[] out = new byte[512];

    @Test
    void everyAttributeRoundTrips() throws Exception {
        InetSocketAddress v4 = new InetSocketAddress(InetAddress.getByName("10.1.2.3"), 50000);
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("fd00::2"), 40000);
        StunWriter w = new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername("local:remote")
                .addPriority(0xFFFFFFFEL)
                .addUseCandidate()
                .addIceControlling(-2L)
                .addXorMappedAddress(v4)
                .addMappedAddress(v6)
                .addSoftware("osprey")
                .addErrorCode(487, "Role Conflict")
                .addMessageIntegrity(integrity)
                .addFingerprint();

        assertThat(msg.wrap(out, 0, w.length())).isTrue();
        assertThat(msg.length()).isEqualTo(w.length());
        assertThat(msg.isBindingRequest()).isTrue();
        assertThat(msg.transactionIdEquals(TX, 0)).isTrue();
        assertThat(msg.username()).isEqualTo("local:remote");
        assertThat(msg.priority()).isEqualTo(0xFFFFFFFEL);
        assertThat(msg.useCandidate()).isTrue();
        assertThat(msg.hasIceControlling()).isTrue();
        assertThat(msg.tieBreaker()).isEqualTo(-2L);
        assertThat(msg.xorMappedAddress()).isEqualTo(v4);
        assertThat(msg.mappedAddress()).isEqualTo(v6);
        assertThat(msg.software()).isEqualTo("osprey");
        assertThat(msg.errorCode()).isEqualTo(487);
        assertThat(msg.errorReason()).isEqualTo("Role Conflict");
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
        assertThat(msg.verifyFingerprint()).isTrue();
        assertThat(msg.unknownRequiredCount()).isZero();
    }

    @Test
    void absentAttributesReadAsAbsent() {
        int len = new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_INDICATION, TX, 0).length();
        assertThat(len).isEqualTo(20);
        assertThat(msg.wrap(out, 0, len)).isTrue();
        assertThat(msg.hasUsername()).isFalse();
        assertThat(msg.username()).isNull();
        assertThat(msg.priority()).isEqualTo(-1);
        assertThat(msg.errorCode()).isEqualTo(-1);
        assertThat(msg.xorMappedAddress()).isNull();
        assertThat(msg.hasMessageIntegrity()).isFalse();
        assertThat(msg.verifyMessageIntegrity(integrity)).isFalse();
        assertThat(msg.verifyFingerprint()).isFalse();
        assertThat(msg.tieBreaker()).isZero();
    }

    @Test
    void anyChangedByteBreaksIntegrityOrFingerprint() {
        int len = signedRequest();
        for (int i = 0; i < len; i++) {
            byte[] copy = Arrays.copyOf(out, len);
            copy[i] ^= 0x40;
            boolean intact = msg.wrap(copy, 0, len) && msg.verifyMessageIntegrity(integrity) && msg.verifyFingerprint();
            assertThat(intact).as("flipped byte %d", i).isFalse();
        }
    }

    @Test
    void unknownAttributesAreSkippedWithTheirPaddingAndRequiredOnesRecorded() {
        byte[] m = Hex.bytes("""
                00 01 00 18 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c
                c0 57 00 03 aa bb cc 00
                7f 01 00 01 dd 00 00 00
                00 24 00 04 00 00 00 07""");
        assertThat(msg.wrap(m, 0, m.length)).isTrue();
        assertThat(msg.priority()).isEqualTo(7);
        assertThat(msg.unknownRequiredCount()).isEqualTo(1);
        assertThat(msg.unknownRequiredType(0)).isEqualTo(0x7f01);
    }

    @Test
    void attributesAfterMessageIntegrityOtherThanFingerprintAreIgnored() {
        StunWriter w = new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername("a:b").addMessageIntegrity(integrity).addUseCandidate();
        assertThat(msg.wrap(out, 0, w.length())).isTrue();
        assertThat(msg.useCandidate()).isFalse();
        assertThat(msg.verifyMessageIntegrity(integrity)).isTrue();
    }

    @Test
    void fingerprintMustBeLast() {
        StunWriter w = new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addFingerprint().addUseCandidate();
        assertThat(msg.wrap(out, 0, w.length())).isFalse();
    }

    @Test
    void malformedDatagramsAreRejected() {
        int len = signedRequest();
        assertThat(msg.wrap(out, 0, len - 1)).as("one byte short").isFalse();
        assertThat(msg.wrap(out, 0, 19)).as("shorter than a header").isFalse();
        assertThat(msg.wrap(null, 0, 20)).isFalse();
        assertThat(msg.wrap(out, out.length - 10, 20)).as("range outside the array").isFalse();
        assertThat(msg.wrap(out, -1, 20)).isFalse();
        assertThat(msg.isValid()).isFalse();

        byte[] badCookie = Arrays.copyOf(out, len);
        badCookie[4] = 0;
        assertThat(msg.wrap(badCookie, 0, len)).isFalse();

        byte[] topBits = Arrays.copyOf(out, len);
        topBits[0] |= (byte) 0x80;
        assertThat(msg.wrap(topBits, 0, len)).isFalse();

        // USERNAME claiming more bytes than the message holds.
        byte[] overlong = Arrays.copyOf(out, len);
        overlong[22] = 0x10;
        overlong[23] = 0x00;
        assertThat(msg.wrap(overlong, 0, len)).isFalse();

        // Header length not a multiple of 4.
        byte[] oddLength = Hex.bytes("00 01 00 02 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c 00 00");
        assertThat(msg.wrap(oddLength, 0, oddLength.length)).isFalse();

        // MESSAGE-INTEGRITY of the wrong size; address of an unknown family.
        byte[] shortMi = Hex.bytes("00 01 00 08 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c 00 08 00 04 00 00 00 00");
        assertThat(msg.wrap(shortMi, 0, shortMi.length)).isFalse();
        byte[] family3 = Hex.bytes("01 01 00 0c 21 12 a4 42 01 02 03 04 05 06 07 08 09 0a 0b 0c 00 20 00 08 00 03 00 01 01 02 03 04");
        assertThat(msg.wrap(family3, 0, family3.length)).isFalse();
    }

    @Test
    void writerRefusesToOverflowTheCallersBuffer() {
        byte[] small = new byte[24];
        StunWriter w = new StunWriter().begin(small, 0, small.length, StunMessageType.BINDING_REQUEST, TX, 0);
        assertThatThrownBy(() -> w.addUsername("too long for this")).isInstanceOf(IndexOutOfBoundsException.class);
    }

    private int signedRequest() {
        return new StunWriter().begin(out, 0, out.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername("ufrag1:ufrag2")
                .addPriority(1234)
                .addIceControlling(99)
                .addUseCandidate()
                .addMessageIntegrity(integrity)
                .addFingerprint()
                .length();
    }
}
