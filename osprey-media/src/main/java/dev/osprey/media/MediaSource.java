package dev.osprey.media;

/**
 * What feeds a {@link Broadcast}: its tracks (a {@link SourceDescription}: codec and clock per track)
 * and their RTP, which the source hands to {@link Broadcast#onRtp} on the broadcast's thread; and the
 * way back, which this interface is. The WebRTC publisher leg is one source; RTMP, SRT and WHIP ingest,
 * stream sources, transcoded renditions and the cluster's relay are others.
 *
 * <p>The broadcast calls these methods on its thread, synchronously; they must not block.
 */
public interface MediaSource {
    /**
     * A viewer or a tap needs a keyframe on track {@code track} (its index in the source's description).
     * Already throttled by the broadcast: at most one per track per
     * {@link BroadcastOptions#keyframeRequestInterval()}. A source that cannot make keyframes on demand
     * ignores it.
     */
    void requestKeyframe(int track);

    /**
     * Receiver feedback as RTCP: NACK, RR, REMB, transport-cc. Sources whose track descriptions negotiate
     * none of these (no {@code nack}, no transport-cc or REMB) still get RRs and may ignore them. Same
     * buffer contract as {@link MediaSink#sendRtcp}.
     */
    void sendRtcp(byte[] buf, int off, int len);

    /**
     * The highest bitrate the viewers reported they can take (their REMB estimates), bit/s, once per
     * report interval while any viewer reports one. A source that can adapt (a transcoder, a
     * simulcasting publisher) may use it; others ignore it.
     */
    void bitrateHint(long bitsPerSecond);
}
