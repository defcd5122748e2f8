package dev.osprey.media.frame;

import dev.osprey.media.Ntp;

/**
 * One clock for every track of a broadcast, in microseconds, so that audio and video a tap writes stay
 * in sync. Each track is anchored once: at a frame whose RTP timestamp its source's RTCP sender report
 * maps to the sender's NTP wall clock (RFC 3550 §6.4.1), or, when no report came for it, at the
 * frame's arrival time moved onto the same clock by what the reports of other tracks say about the
 * sender's clock. After the anchor, time advances with the track's RTP timestamps, so it never jumps.
 *
 * <p>One thread (the tap's worker); allocation-free after construction.
 */
final class MediaTimeline {
    private static final long UNSET = Long.MIN_VALUE;

    private long[] reportNtpMicros = new long[0];
    private int[] reportRtp = new int[0];
    private boolean[] hasReport = new boolean[0];
    private long[] anchorMicros = new long[0];
    private long[] anchorTimestamp = new long[0];
    private boolean[] anchored = new boolean[0];
    private int[] clockRate = new int[0];

    /** Sender NTP time minus local arrival time, from the newest report; UNSET before one. */
    private long senderMinusLocalMicros = UNSET;
    /** Decided at the first anchor: true when times are on the sender's NTP clock, false for the local clock. */
    private boolean senderClock;
    private boolean any;
    private long originMicros;

    /** Makes room for {@code tracks} tracks (a renegotiation may add some). */
    void tracks(int tracks) {
        if (clockRate.length >= tracks) {
            return;
        }
        reportNtpMicros = java.util.Arrays.copyOf(reportNtpMicros, tracks);
        reportRtp = java.util.Arrays.copyOf(reportRtp, tracks);
        hasReport = java.util.Arrays.copyOf(hasReport, tracks);
        anchorMicros = java.util.Arrays.copyOf(anchorMicros, tracks);
        anchorTimestamp = java.util.Arrays.copyOf(anchorTimestamp, tracks);
        anchored = java.util.Arrays.copyOf(anchored, tracks);
        clockRate = java.util.Arrays.copyOf(clockRate, tracks);
    }

    void clockRate(int track, int rate) {
        clockRate[track] = rate;
    }

    /** The track restarted (new SSRC, new timestamps): it is anchored again at its next frame. */
    void restart(int track) {
        hasReport[track] = false;
        anchored[track] = false;
    }

    void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
        long ntpMicros = Ntp.toMicros(ntpTimestamp);
        reportNtpMicros[track] = ntpMicros;
        reportRtp[track] = rtpTimestamp;
        hasReport[track] = true;
        senderMinusLocalMicros = ntpMicros - arrivalNanos / 1_000;
    }

    boolean hasSenderReport(int track) {
        return hasReport[track];
    }

    boolean anchored(int track) {
        return anchored[track];
    }

    /**
     * Anchors {@code track} at a frame: RTP timestamp {@code timestamp} (extended), arrived at
     * {@code arrivalNanos}. Returns the frame's time on the common clock, before the origin is taken off.
     */
    long anchor(int track, long timestamp, long arrivalNanos) {
        if (!any) {
            any = true;
            senderClock = senderMinusLocalMicros != UNSET;
        }
        long micros;
        boolean onSenderClock;
        if (hasReport[track]) {
            int sinceReport = (int) timestamp - reportRtp[track]; // frames are near their report: 32 bits suffice
            micros = reportNtpMicros[track] + sinceReport * 1_000_000L / clockRate[track];
            onSenderClock = true;
        } else {
            micros = arrivalNanos / 1_000;
            onSenderClock = false;
        }
        if (onSenderClock != senderClock) {
            // both clocks exist here: a report of this or another track gave the offset
            micros += senderClock ? senderMinusLocalMicros : -senderMinusLocalMicros;
        }
        anchorMicros[track] = micros;
        anchorTimestamp[track] = timestamp;
        anchored[track] = true;
        return micros;
    }

    /** Sets time zero (on the common clock, as {@link #anchor} returns it). */
    void origin(long micros) {
        originMicros = micros;
    }

    /** The time of an anchored track's frame, microseconds since the origin. */
    long timeMicros(int track, long timestamp) {
        return anchorMicros[track] - originMicros
                + (timestamp - anchorTimestamp[track]) * 1_000_000L / clockRate[track];
    }

    /** True when the reports of at least one track placed the clock on the sender's NTP time. */
    boolean onSenderClock() {
        return any && senderClock;
    }
}
