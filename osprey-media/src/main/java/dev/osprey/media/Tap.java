package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;

/**
 * A reader of a broadcast that works off the media loop: a recorder, an HLS segmenter, an RTMP push,
 * the transcoder, the cluster relay. Added with {@link Broadcast#addTap}.
 *
 * <p>Every method is called on the tap's own worker thread, one call at a time, in the order the
 * events happened on the broadcast. Packets reach the worker through a bounded queue: a tap that falls
 * behind (or blocks) loses packets, counted and reported by {@link #onGap}, while the broadcast's
 * viewers never wait for it. A method that throws is counted and logged, and the tap is told
 * {@link #onGap} before its next packet; it keeps running.
 */
public interface Tap {
    /** First call: the source's tracks as they are when the tap starts, and the way to ask for keyframes. */
    void onStart(SourceDescription source, TapControl control);

    /**
     * The source's tracks changed: a renegotiation added or silenced tracks, or the source restarted
     * (a reconnecting publisher took the stream over) with new SSRCs, sequence numbers and timestamps.
     * A track whose description is unchanged flows on without a break.
     */
    void onSourceChanged(SourceDescription source);

    /**
     * One RTP packet of the source's track {@code track} (an index in its description), decrypted, RTX
     * unwrapped, exactly as the source sent it: its SSRC, sequence number and timestamp. Retransmissions
     * arrive late and out of order, duplicates are possible. {@code packet} is valid during the call only.
     */
    void onRtp(int track, RtpPacket packet, long arrivalNanos);

    /** The source's RTCP sender report for track {@code track}: NTP time {@code ntpTimestamp} is RTP time {@code rtpTimestamp}. */
    void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos);

    /**
     * {@code lost} packets never reached this tap (it fell behind and its queue was full, or one of its
     * calls threw): whatever it builds from them must resynchronise, e.g. wait for the next keyframe.
     */
    void onGap(long lost);

    /**
     * Time-based work (timeouts, flushing): called about every 50 ms, between events, whether packets flow
     * or not.
     */
    default void onTick(long nowNanos) {
    }

    /** Last call: the tap was stopped or the broadcast ended, after everything queued before was delivered. */
    void onClose();
}
