package dev.osprey.media;

/** One stream of a viewer: its rewriters and counters; broadcast thread only (except {@link #enabled}). */
final class ViewerTrack {
    final ViewerTrackDescription description;
    final boolean video;
    final SequenceRewriter sequences;
    final TimestampRewriter timestamps;
    final BitrateMeter bitrate = new BitrateMeter();
    /** Written by control threads (track toggles), read per packet. */
    volatile boolean enabled = true;
    boolean needKeyframe;
    /** The stream was paused: ask for a keyframe when it is enabled again. */
    boolean resumeRequest;
    boolean started;
    /** Publisher SSRC of the packets forwarded in the current segment, for SR timestamp mapping. */
    int forwardedSource;
    boolean forwarding;
    int rtxSequence;
    /** Created at the first NACK of this stream: most streams (audio) are never NACKed. */
    RecentRetransmissions recentRetransmissions;
    /** Middle 32 bits of the NTP time in the last SR sent for this stream, and when it was sent. */
    int lastSenderReportNtp;
    long lastSenderReportNanos;
    long packetsSent;
    long payloadOctetsSent;
    long retransmissionsSent;
    long dropped;

    ViewerTrack(ViewerTrackDescription description, MediaKind kind, int clockRate, int initialSequence,
                     int initialRtxSequence) {
        this.description = description;
        this.video = kind == MediaKind.VIDEO;
        this.sequences = new SequenceRewriter(initialSequence);
        this.timestamps = new TimestampRewriter(clockRate);
        this.needKeyframe = video;
        this.rtxSequence = initialRtxSequence;
    }
}
