package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** A peer cannot grow a receiving context's state by sending from ever new SSRCs. */
class SrtpStreamLimitTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;

    private final SrtpSession sender;
    private final SrtpSession receiver;
    private final byte[] buf = new byte[256];

    SrtpStreamLimitTest() {
        byte[] material = new byte[SrtpSession.keyingMaterialLength(PROFILE)];
        new Random(11).nextBytes(material);
        sender = SrtpSession.fromDtlsKeyingMaterial(PROFILE, material, true);
        receiver = SrtpSession.fromDtlsKeyingMaterial(PROFILE, material, false);
    }

    private int receiveRtp(int ssrc, int seq) {
        byte[] plain = SrtpRoundTripTest.rtp(seq, ssrc, 0, false, 100);
        System.arraycopy(plain, 0, buf, 0, plain.length);
        return receiver.unprotectRtp(buf, 0, sender.protectRtp(buf, 0, plain.length));
    }

    private int receiveRtcp(int ssrc) {
        byte[] plain = SrtpRoundTripTest.rtcp(ssrc);
        System.arraycopy(plain, 0, buf, 0, plain.length);
        return receiver.unprotectRtcp(buf, 0, sender.protectRtcp(buf, 0, plain.length));
    }

    @Test
    void aPeerSendingFromTenThousandSsrcsGetsStateForAtMostTheSpareAllowance() {
        int accepted = 0;
        for (int i = 0; i < 10_000; i++) {
            int ssrc = 0x1000_0000 + i;
            int result = i % 2 == 0 ? receiveRtp(ssrc, 1) : receiveRtcp(ssrc);
            if (result >= 0) {
                accepted++;
            } else {
                assertThat(result).isEqualTo(SrtpError.UNKNOWN_STREAM);
            }
        }
        assertThat(accepted).isEqualTo(SrtpContext.MAX_UNSIGNALLED_STREAMS);
        assertThat(receiver.inbound().streamCount()).isEqualTo(SrtpContext.MAX_UNSIGNALLED_STREAMS);
        assertThat(receiver.inbound().streamsRefused()).isEqualTo(10_000 - SrtpContext.MAX_UNSIGNALLED_STREAMS);
    }

    @Test
    void announcedSsrcsAndThoseAlreadyKnownKeepWorkingWhenTheAllowanceIsSpent() {
        receiver.inbound().expectSsrcs(0xA0A0_0001, 0xA0A0_0002);
        assertThat(receiveRtp(0xA0A0_0001, 1)).isPositive();
        for (int i = 0; i < 1000; i++) {
            receiveRtp(0x2000_0000 + i, 1);
        }
        assertThat(receiveRtp(0x2000_0000, 2)).as("admitted before the allowance was spent").isPositive();
        assertThat(receiveRtp(0xA0A0_0001, 2)).isPositive();
        assertThat(receiveRtp(0xA0A0_0002, 1)).as("announced, first packet after the flood").isPositive();
        assertThat(receiveRtcp(0xA0A0_0002)).isPositive();
        assertThat(receiver.inbound().streamCount()).isEqualTo(2 + SrtpContext.MAX_UNSIGNALLED_STREAMS);
    }

    @Test
    void forgedPacketsDoNotSpendTheAllowance() {
        for (int i = 0; i < 1000; i++) {
            byte[] plain = SrtpRoundTripTest.rtp(1, 0x3000_0000 + i, 0, false, 100);
            System.arraycopy(plain, 0, buf, 0, plain.length);
            int len = sender.protectRtp(buf, 0, plain.length);
            buf[len - 1] ^= 1; // not authentic
            assertThat(receiver.unprotectRtp(buf, 0, len)).isEqualTo(SrtpError.AUTH_FAILED);
        }
        assertThat(receiver.inbound().streamCount()).isZero();
        assertThat(receiveRtp(0x4000_0000, 1)).isPositive();
    }
}
