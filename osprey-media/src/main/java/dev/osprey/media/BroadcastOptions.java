package dev.osprey.media;

/**
 * Tunables of a broadcast; {@link #defaults()} suits browsers.
 *
 * @param localSsrc               sender SSRC of the server's RTCP towards the publisher
 * @param keyframeRequestInterval at most one keyframe request per video track per this many ns
 * @param keyframeRetryInterval   repeat a request when a viewer still waits for a keyframe after this long
 * @param reportInterval          SR/RR (and REMB) period in ns
 * @param transportCcInterval     transport-cc feedback period in ns
 * @param nackRetryInterval       resend a NACK for a still-missing packet after this long
 * @param nackMaxRetries          NACK a missing packet at most this many times
 * @param nackMaxAge              give up on a missing packet after this long
 * @param maxBitrate              the ceiling of the REMB estimate, bit/s
 * @param videoCacheSlots         retransmission cache size per video track (a power of two)
 * @param audioCacheSlots         retransmission cache size per audio track (a power of two)
 */
public record BroadcastOptions(int localSsrc, long keyframeRequestInterval, long keyframeRetryInterval,
                               long reportInterval, long transportCcInterval, long nackRetryInterval,
                               int nackMaxRetries, long nackMaxAge, long maxBitrate,
                               int videoCacheSlots, int audioCacheSlots) {
    private static final long MS = 1_000_000L;

    public BroadcastOptions {
        if (Integer.bitCount(videoCacheSlots) != 1 || Integer.bitCount(audioCacheSlots) != 1) {
            throw new IllegalArgumentException("cache sizes must be powers of two");
        }
    }

    public static BroadcastOptions defaults() {
        return new BroadcastOptions(0x05F5_0001, 400 * MS, 1_500 * MS, 1_000 * MS, 50 * MS, 100 * MS,
                5, 1_000 * MS, 2_500_000, 512, 64);
    }
}
