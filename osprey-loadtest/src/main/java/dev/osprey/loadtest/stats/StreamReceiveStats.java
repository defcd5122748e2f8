package dev.osprey.loadtest.stats;

/**
 * Receive statistics of one RTP stream (one SSRC) at one viewer: packets, bytes, loss from the
 * extended sequence numbers (RFC 3550 A.3: expected minus received, duplicates may make it negative
 * and are clamped) and the interarrival jitter (RFC 3550 A.8) in the stream's clock units.
 * Single-threaded: it lives on the viewer transport's event loop.
 */
public final class StreamReceiveStats {
    private final long ssrc;
    private final int clockRate;
    private long packets;
    private long bytes;
    private long baseSeq = -1;
    private long maxExtSeq;
    private int cycles;
    private int maxSeq;
    private long lastTransit;
    private boolean haveTransit;
    private double jitter;
    private long expectedPrior;
    private long receivedPrior;

    public StreamReceiveStats(long ssrc, int clockRate) {
        this.ssrc = ssrc;
        this.clockRate = clockRate;
    }

    /**
     * @param seq         the RTP sequence number
     * @param rtpTime     the RTP timestamp (unsigned 32 bits in an int)
     * @param arrivalNanos arrival time on any monotonic clock
     * @param length      packet length counted as received bytes
     * @return how many sequence numbers this packet skipped (the gap before it; 0 when in order,
     *     late or duplicate)
     */
    public int onPacket(int seq, int rtpTime, long arrivalNanos, int length) {
        packets++;
        bytes += length;
        int skipped = 0;
        if (baseSeq < 0) {
            baseSeq = seq;
            maxSeq = seq;
            maxExtSeq = seq;
        } else {
            int delta = (seq - maxSeq) & 0xFFFF;
            if (delta != 0 && delta < 0x8000) {
                skipped = delta - 1;
                if (seq < maxSeq) {
                    cycles += 0x10000;
                }
                maxSeq = seq;
                maxExtSeq = cycles + (long) seq;
            }
        }
        if (clockRate > 0) {
            long arrival = Math.round(arrivalNanos * (clockRate / 1e9));
            long transit = arrival - (rtpTime & 0xFFFFFFFFL);
            if (haveTransit) {
                long d = Math.abs(transit - lastTransit);
                jitter += (d - jitter) / 16.0;
            }
            lastTransit = transit;
            haveTransit = true;
        }
        return skipped;
    }

    public long ssrc() {
        return ssrc;
    }

    public long packets() {
        return packets;
    }

    public long bytes() {
        return bytes;
    }

    /** Packets expected from the first to the highest sequence number seen. */
    public long expected() {
        return baseSeq < 0 ? 0 : maxExtSeq - baseSeq + 1;
    }

    /** Packets lost (never negative). */
    public long lost() {
        return Math.max(0, expected() - packets);
    }

    /** The highest sequence number with its wrap count in the upper 16 bits (RFC 3550 §6.4.1). */
    public int extendedHighestSequence() {
        return (int) maxExtSeq;
    }

    /** The interarrival jitter in the stream's clock units, as an RR carries it. */
    public int jitterUnits() {
        return (int) jitter;
    }

    /**
     * The fraction lost since the previous call, in 1/256 units (RFC 3550 A.3); each receiver report
     * calls it once.
     */
    public int takeFractionLost() {
        long expectedInterval = expected() - expectedPrior;
        long receivedInterval = packets - receivedPrior;
        expectedPrior = expected();
        receivedPrior = packets;
        long lostInterval = expectedInterval - receivedInterval;
        return expectedInterval <= 0 || lostInterval <= 0 ? 0 : (int) Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** The interarrival jitter in milliseconds (0 when the clock rate is unknown). */
    public double jitterMillis() {
        return clockRate <= 0 ? 0 : jitter * 1000.0 / clockRate;
    }
}
