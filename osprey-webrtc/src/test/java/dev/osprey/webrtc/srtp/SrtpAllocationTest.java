package dev.osprey.webrtc.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The SRTP and SRTCP packet paths of every profile allocate nothing once a stream exists. */
class SrtpAllocationTest {
    /**
     * Round trips before measuring: enough for the JIT to compile the path. Interpreted and
     * freshly compiled code allocate a few hundred bytes now and then (seen with 100 warm-up round
     * trips, for the AES-CM path too), which says nothing about the steady state.
     */
    private static final int WARM_UP = 20_000;
    private static final int MEASURED = 2_000;

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void steadyStateRoundTripsAllocateNothing(SrtpProfile profile) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] material = new byte[SrtpSession.keyingMaterialLength(profile)];
        SrtpSession sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        SrtpSession receiver = SrtpSession.fromDtlsKeyingMaterial(profile, material, false);
        byte[] plain = SrtpRoundTripTest.rtp(0, 1, 2, true, 1200);
        byte[] rtcp = SrtpRoundTripTest.rtcp(1);
        byte[] buf = new byte[plain.length + SrtpProfile.MAX_TRAILER];
        roundTrips(sender, receiver, plain, rtcp, buf, 0, WARM_UP);

        long before = threads.getCurrentThreadAllocatedBytes();
        int accepted = roundTrips(sender, receiver, plain, rtcp, buf, WARM_UP, WARM_UP + MEASURED);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(accepted).isEqualTo(2 * MEASURED);
        assertThat(allocated).isZero();
    }

    /** The same for AES-GCM's packet cipher with either GHASH (the session above uses the best one). */
    @ParameterizedTest
    @EnumSource(Ghash.Path.class)
    void steadyStateAesGcmRoundTripsAllocateNothingWithEitherGhash(Ghash.Path ghash) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        byte[] key = new byte[16];
        byte[] salt = new byte[AesGcm.IV_LENGTH];
        AesGcmCipher rtpSender = new AesGcmCipher(key, salt, AesGcm.TAG_LENGTH, true, ghash);
        AesGcmCipher rtpReceiver = new AesGcmCipher(key, salt, AesGcm.TAG_LENGTH, true, ghash);
        AesGcmCipher rtcpSender = new AesGcmCipher(key, salt, AesGcm.TAG_LENGTH, false, ghash);
        AesGcmCipher rtcpReceiver = new AesGcmCipher(key, salt, AesGcm.TAG_LENGTH, false, ghash);
        byte[] plain = SrtpRoundTripTest.rtp(0, 1, 2, true, 1200);
        byte[] rtcp = SrtpRoundTripTest.rtcp(1);
        byte[] buf = new byte[plain.length + SrtpProfile.MAX_TRAILER];
        cipherRoundTrips(rtpSender, rtpReceiver, rtcpSender, rtcpReceiver, plain, rtcp, buf, 0, WARM_UP);

        long before = threads.getCurrentThreadAllocatedBytes();
        int accepted = cipherRoundTrips(rtpSender, rtpReceiver, rtcpSender, rtcpReceiver, plain, rtcp, buf,
                WARM_UP, WARM_UP + MEASURED);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(accepted).isEqualTo(2 * MEASURED);
        assertThat(allocated).isZero();
    }

    private static int cipherRoundTrips(AesGcmCipher rtpSender, AesGcmCipher rtpReceiver, AesGcmCipher rtcpSender,
                                        AesGcmCipher rtcpReceiver, byte[] plain, byte[] rtcp, byte[] buf,
                                        int from, int to) {
        int accepted = 0;
        for (int index = from; index < to; index++) {
            System.arraycopy(plain, 0, buf, 0, plain.length);
            int len = rtpSender.protectRtp(buf, 0, 12, plain.length, 1, index);
            accepted += rtpReceiver.unprotectRtp(buf, 0, 12, len, 1, index) == plain.length ? 1 : 0;
            System.arraycopy(rtcp, 0, buf, 0, rtcp.length);
            len = rtcpSender.protectRtcp(buf, 0, rtcp.length, 1, index);
            accepted += rtcpReceiver.unprotectRtcp(buf, 0, len, 1, index) == rtcp.length ? 1 : 0;
        }
        return accepted;
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
