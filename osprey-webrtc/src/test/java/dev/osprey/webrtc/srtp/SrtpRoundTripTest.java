package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.osprey.webrtc.rtp.Hex;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SrtpRoundTripTest {

    private static final Random RANDOM = new Random(7);

    private static byte[] material(SrtpProfile profile) {
        byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
        RANDOM.nextBytes(material);
        return material;
    }

    private static SrtpSession[] pair(SrtpProfile profile) {
        byte[] material = material(profile);
        return new SrtpSession[] {
            SrtpSession.fromDtlsKeyingMaterial(profile, material, true),
            SrtpSession.fromDtlsKeyingMaterial(profile, material, false)
        };
    }

    /** RTP packet: V=2, optional CSRCs and a one-byte-header extension, then the payload. */
    static byte[] rtp(int seq, int ssrc, int csrcCount, boolean extension, int payloadLength) {
        int extensionLength = extension ? 4 + 8 : 0;
        byte[] packet = new byte[12 + 4 * csrcCount + extensionLength + payloadLength];
        packet[0] = (byte) (0x80 | (extension ? 0x10 : 0) | csrcCount);
        packet[1] = 111;
        packet[2] = (byte) (seq >>> 8);
        packet[3] = (byte) seq;
        packet[7] = 42;
        PacketCipher.writeInt(packet, 8, ssrc);
        int pos = 12;
        for (int i = 0; i < csrcCount; i++, pos += 4) {
            PacketCipher.writeInt(packet, pos, 0x1000 + i);
        }
        if (extension) {
            packet[pos] = (byte) 0xbe;
            packet[pos + 1] = (byte) 0xde;
            packet[pos + 3] = 2;
            for (int i = 4; i < 12; i++) {
                packet[pos + i] = (byte) (0x20 + i);
            }
            pos += 12;
        }
        for (int i = pos; i < packet.length; i++) {
            packet[i] = (byte) (i * 7);
        }
        return packet;
    }

    /** A receiver report + SDES compound packet from {@code ssrc}. */
    static byte[] rtcp(int ssrc) {
        byte[] packet = new byte[8 + 24 + 12];
        packet[0] = (byte) 0x81;
        packet[1] = (byte) 201;
        packet[3] = 7;
        PacketCipher.writeInt(packet, 4, ssrc);
        for (int i = 8; i < 32; i++) {
            packet[i] = (byte) i;
        }
        packet[32] = (byte) 0x81;
        packet[33] = (byte) 202;
        packet[35] = 2;
        PacketCipher.writeInt(packet, 36, ssrc);
        packet[40] = 1;
        packet[41] = 1;
        packet[42] = 'x';
        return packet;
    }

    private static int send(SrtpSession from, byte[] buf, byte[] plain) {
        System.arraycopy(plain, 0, buf, 0, plain.length);
        return from.protectRtp(buf, 0, plain.length);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtpWithCsrcsAndExtensionRoundTrips(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(1000, 0x11223344, 2, true, 1200);
        int headerLength = 12 + 8 + 12;
        byte[] buf = Hex.at(0, plain, SrtpProfile.MAX_TRAILER);

        int len = ends[0].protectRtp(buf, 0, plain.length);

        assertThat(len).isEqualTo(plain.length + profile.tagLength());
        assertThat(Arrays.copyOf(buf, headerLength)).isEqualTo(Arrays.copyOf(plain, headerLength));
        assertThat(Arrays.copyOfRange(buf, headerLength, plain.length))
                .isNotEqualTo(Arrays.copyOfRange(plain, headerLength, plain.length));
        assertThat(ends[1].unprotectRtp(buf, 0, len)).isEqualTo(plain.length);
        assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void headerExtensionIsAuthenticated(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(5, 0x01020304, 1, true, 100);
        byte[] buf = Hex.at(0, plain, SrtpProfile.MAX_TRAILER);
        int len = ends[0].protectRtp(buf, 0, plain.length);
        buf[12 + 4 + 5] ^= 1; // inside the extension, which travels in the clear

        assertThat(ends[1].unprotectRtp(buf, 0, len)).isEqualTo(SrtpError.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtcpRoundTripsEncrypted(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtcp(0xabcdef01);
        for (int i = 0; i < 3; i++) {
            byte[] buf = Hex.at(0, plain, SrtpProfile.MAX_TRAILER);
            int len = ends[1].protectRtcp(buf, 0, plain.length);
            assertThat(len).isEqualTo(plain.length + profile.rtcpTrailerLength());
            assertThat(Arrays.copyOf(buf, 8)).isEqualTo(Arrays.copyOf(plain, 8));
            assertThat(Arrays.copyOfRange(buf, 8, plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 8, plain.length));
            int indexAt = profile == SrtpProfile.AEAD_AES_128_GCM ? len - 4 : len - 14;
            assertThat(PacketCipher.readInt(buf, indexAt)).isEqualTo(0x80000000 | i);

            assertThat(ends[0].unprotectRtcp(buf, 0, len)).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rolloverCounterFollowsSequenceWrapOnBothSides(SrtpProfile profile) {
        byte[] material = material(profile);
        SrtpSession sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        SrtpSession receiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false);
        byte[] buf = new byte[300];
        byte[] afterWrap = null;
        for (int seq = 65530; seq < 65536 + 6; seq++) {
            byte[] plain = rtp(seq & 0xffff, 7, 0, false, 200);
            int len = send(sender, buf, plain);
            if (seq == 65536 + 3) {
                afterWrap = Arrays.copyOf(buf, len);
            }
            assertThat(receiver.unprotectRtp(buf, 0, len)).as("seq %d", seq).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
        }
        // a late packet from before the wrap still maps to ROC 0 and is accepted once
        byte[] late = rtp(65529, 7, 0, false, 200);
        int len = send(sender, buf, late);
        byte[] lateCopy = buf.clone();
        assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(late.length);
        assertThat(receiver.unprotectRtp(lateCopy, 0, len)).isEqualTo(SrtpError.REPLAYED);

        // seq 3 after the wrap was protected with ROC 1, not as a fresh stream (ROC 0) would
        SrtpSession freshSender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        byte[] rocZero = new byte[300];
        int rocZeroLen = send(freshSender, rocZero, rtp(3, 7, 0, false, 200));
        assertThat(afterWrap).isNotEqualTo(Arrays.copyOf(rocZero, rocZeroLen));
        // and a receiver that never saw the wrap cannot authenticate it
        SrtpSession freshReceiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false);
        assertThat(freshReceiver.unprotectRtp(afterWrap.clone(), 0, afterWrap.length)).isEqualTo(SrtpError.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void replayedPacketIsRejected(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(10, 99, 0, false, 64);
        byte[] buf = new byte[200];
        int len = send(ends[0], buf, plain);
        byte[] copy = Arrays.copyOf(buf, buf.length);

        assertThat(ends[1].unprotectRtp(buf, 0, len)).isEqualTo(plain.length);
        assertThat(ends[1].unprotectRtp(copy, 0, len)).isEqualTo(SrtpError.REPLAYED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void reorderedPacketsInsideTheWindowAreAcceptedOnce(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[][] wire = new byte[5][];
        int[] lens = new int[5];
        for (int i = 0; i < 5; i++) {
            wire[i] = new byte[200];
            lens[i] = send(ends[0], wire[i], rtp(100 + i, 5, 0, false, 40));
        }
        for (int i : new int[] {4, 0, 2, 1, 3}) {
            assertThat(ends[1].unprotectRtp(wire[i], 0, lens[i])).isEqualTo(52);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetOlderThanTheWindowIsRejected(SrtpProfile profile) {
        byte[] material = material(profile);
        SrtpSession sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true, 64);
        SrtpSession receiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false, 64);
        byte[] old = new byte[200];
        int oldLen = send(sender, old, rtp(1, 5, 0, false, 40));
        byte[] buf = new byte[200];
        for (int seq = 2; seq <= 70; seq++) {
            int len = send(sender, buf, rtp(seq, 5, 0, false, 40));
            assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(52);
        }
        assertThat(receiver.unprotectRtp(old, 0, oldLen)).isEqualTo(SrtpError.TOO_OLD);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void tamperedPacketFailsAuthenticationAndLeavesStateAlone(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(500, 5, 0, false, 300);
        byte[] buf = new byte[400];
        int len = send(ends[0], buf, plain);
        byte[] tampered = Arrays.copyOf(buf, buf.length);
        tampered[100] ^= 0x40;

        assertThat(ends[1].unprotectRtp(tampered, 0, len)).isEqualTo(SrtpError.AUTH_FAILED);
        assertThat(ends[1].unprotectRtp(buf, 0, len)).isEqualTo(plain.length);

        byte[] control = rtcp(5);
        byte[] rtcpBuf = Hex.at(0, control, SrtpProfile.MAX_TRAILER);
        int rtcpLen = ends[0].protectRtcp(rtcpBuf, 0, control.length);
        rtcpBuf[10] ^= 1;
        assertThat(ends[1].unprotectRtcp(rtcpBuf, 0, rtcpLen)).isEqualTo(SrtpError.AUTH_FAILED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void srtcpReplayAndClearEFlagAreRejected(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtcp(77);
        byte[] buf = Hex.at(0, plain, SrtpProfile.MAX_TRAILER);
        int len = ends[0].protectRtcp(buf, 0, plain.length);
        byte[] copy = buf.clone();
        byte[] clearE = buf.clone();
        clearE[profile == SrtpProfile.AEAD_AES_128_GCM ? len - 4 : len - 14] &= 0x7f;

        assertThat(ends[1].unprotectRtcp(clearE, 0, len)).isEqualTo(SrtpError.UNENCRYPTED_SRTCP);
        assertThat(ends[1].unprotectRtcp(buf, 0, len)).isEqualTo(plain.length);
        assertThat(ends[1].unprotectRtcp(copy, 0, len)).isEqualTo(SrtpError.REPLAYED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void truncatedPacketsAreRejectedWithoutException(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(1, 5, 3, true, 50);
        byte[] wire = new byte[200];
        int len = send(ends[0], wire, plain);
        for (int cut = 0; cut < len; cut++) {
            byte[] buf = wire.clone();
            assertThat(ends[1].unprotectRtp(buf, 0, cut)).as("length %d", cut).isNegative();
        }
        byte[] control = rtcp(5);
        byte[] rtcpWire = Hex.at(0, control, SrtpProfile.MAX_TRAILER);
        int rtcpLen = ends[0].protectRtcp(rtcpWire, 0, control.length);
        for (int cut = 0; cut < rtcpLen; cut++) {
            assertThat(ends[1].unprotectRtcp(rtcpWire.clone(), 0, cut)).as("length %d", cut).isNegative();
        }
        assertThat(ends[0].protectRtp(new byte[40], 0, 11)).isEqualTo(SrtpError.TRUNCATED);
        byte[] badVersion = Hex.at(0, rtp(1, 5, 0, false, 10), SrtpProfile.MAX_TRAILER);
        badVersion[0] = 0x40;
        assertThat(ends[0].protectRtp(badVersion, 0, badVersion.length - SrtpProfile.MAX_TRAILER))
                .isEqualTo(SrtpError.MALFORMED);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void rtxStreamIsJustAnotherSsrc(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] buf = new byte[300];
        // media at high sequence numbers, RTX starting low: independent ROC and replay state
        for (int i = 0; i < 3; i++) {
            byte[] media = rtp(40000 + i, 0x1111, 0, false, 100);
            assertThat(ends[1].unprotectRtp(buf, 0, send(ends[0], buf, media))).isEqualTo(media.length);
            byte[] rtx = rtp(40000 + i, 0x2222, 0, false, 102);
            assertThat(ends[1].unprotectRtp(buf, 0, send(ends[0], buf, rtx))).isEqualTo(rtx.length);
            byte[] rtxLow = rtp(i, 0x3333, 0, false, 102);
            assertThat(ends[1].unprotectRtp(buf, 0, send(ends[0], buf, rtxLow))).isEqualTo(rtxLow.length);
        }
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void packetsAtAnOffsetRoundTrip(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(9, 5, 0, false, 77);
        byte[] buf = new byte[32 + plain.length + SrtpProfile.MAX_TRAILER];
        System.arraycopy(plain, 0, buf, 32, plain.length);
        int len = ends[0].protectRtp(buf, 32, plain.length);
        assertThat(ends[1].unprotectRtp(buf, 32, len)).isEqualTo(plain.length);
        assertThat(Arrays.copyOfRange(buf, 32, 32 + plain.length)).isEqualTo(plain);
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void protectWithoutSpareRoomIsACallerError(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(9, 5, 0, false, 77);
        assertThatIllegalArgumentException().isThrownBy(() -> ends[0].protectRtp(plain, 0, plain.length));
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void directionsUseDifferentKeys(SrtpProfile profile) {
        SrtpSession[] ends = pair(profile);
        byte[] plain = rtp(9, 5, 0, false, 77);
        byte[] buf = Hex.at(0, plain, SrtpProfile.MAX_TRAILER);
        int len = ends[0].protectRtp(buf, 0, plain.length);
        // the sender's own inbound context holds the peer's key
        assertThat(ends[0].unprotectRtp(buf, 0, len)).isEqualTo(SrtpError.AUTH_FAILED);
    }
}
