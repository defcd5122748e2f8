package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** The AES-CM + HMAC-SHA1 packet path allocates nothing once a stream exists. */
class SrtpAllocationTest {

    @Test
    void steadyStateCounterModeRoundTripsAllocateNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
        SrtpSession sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        SrtpSession receiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false);
        byte[] plain = SrtpRoundTripTest.rtp(0, 1, 2, true, 1200);
        byte[] rtcp = SrtpRoundTripTest.rtcp(1);
        byte[] buf = new byte[plain.length + SrtpProfile.MAX_TRAILER];
        roundTrips(sender, receiver, plain, rtcp, buf, 0, 100);

        long before = threads.getCurrentThreadAllocatedBytes();
        int accepted = roundTrips(sender, receiver, plain, rtcp, buf, 100, 2000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(accepted).isEqualTo(2 * 1900);
        assertThat(allocated).isZero();
    }

    private static int roundTrips(SrtpSession sender, SrtpSession receiver, byte[] plain, byte[] rtcp, byte[] buf,
                                  int from, int to) {
        int accepted = 0;
        for (int seq = from; seq < to; seq++) {
            System.arraycopy(plain, 0, buf, 0, plain.length);
            buf[2] = (byte) (seq >>> 8);
            buf[3] = (byte) seq;
            int len = sender.protectRtp(buf, 0, plain.length);
            accepted += receiver.unprotectRtp(buf, 0, len) == plain.length ? 1 : 0;
            System.arraycopy(rtcp, 0, buf, 0, rtcp.length);
            len = sender.protectRtcp(buf, 0, rtcp.length);
            accepted += receiver.unprotectRtcp(buf, 0, len) == rtcp.length ? 1 : 0;
        }
        return accepted;
    }
}
