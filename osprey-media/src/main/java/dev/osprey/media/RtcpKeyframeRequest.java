package dev.osprey.media;

import dev.osprey.webrtc.rtp.rtcp.Fir;
import dev.osprey.webrtc.rtp.rtcp.Pli;

/**
 * Writes a keyframe request for sources that take them as RTCP (the WebRTC publisher leg, the cluster
 * relay): a PLI, plus a FIR where the track negotiated {@code ccm fir}, with one FIR sequence number per
 * track (RFC 5104 §4.3.1.1: a new number for every new request). Not thread-safe; allocation-free.
 */
public final class RtcpKeyframeRequest {
    private final int senderSsrc;
    private final int[] firSequences = new int[Broadcast.MAX_TRACKS];

    public RtcpKeyframeRequest(int senderSsrc) {
        this.senderSsrc = senderSsrc;
    }

    /** Writes the request for track {@code index} described by {@code track} at {@code off}; returns its length. */
    public int write(int index, TrackDescription track, byte[] buf, int off) {
        int len = Pli.write(buf, off, senderSsrc, track.ssrc());
        if (track.fir()) {
            firSequences[index] = (firSequences[index] + 1) & 0xFF;
            len += Fir.write(buf, off + len, senderSsrc, track.ssrc(), firSequences[index]);
        }
        return len;
    }
}
