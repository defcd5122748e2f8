package dev.osprey.webrtc.interop;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.PeerTransport;

/**
 * Forwards the publisher's VP8 RTP to the player: a fixed outgoing SSRC, contiguous sequence numbers,
 * the play side's payload type, starting at a keyframe. Asks the publisher for one (PLI) when the
 * player connects, while none has come, and whenever the player asks. Runs on the mux's event loop.
 */
final class Vp8Forwarder {
    static final int OUT_SSRC = 0x05F0_0D01;
    private static final int PLI_SENDER_SSRC = 1;

    private final int playPayloadType;
    private final RtpPacket in = new RtpPacket();
    private final RtpPacket out = new RtpPacket();
    private final byte[] outBuf = new byte[2048 + SrtpProfile.MAX_TRAILER];
    private final byte[] pliBuf = new byte[Pli.LENGTH + SrtpProfile.MAX_TRAILER];
    private PeerTransport publisher;
    private PeerTransport player;
    private int publisherSsrc;
    private boolean started;
    private int nextSequence = 1000;
    long forwarded;
    long plisSent;
    long keyframesSeen;

    Vp8Forwarder(int playPayloadType) {
        this.playPayloadType = playPayloadType;
    }

    void publisher(PeerTransport transport) {
        publisher = transport;
        publisherSsrc = 0;
        started = false;
    }

    void player(PeerTransport transport) {
        player = transport;
        started = false;
    }

    boolean started() {
        return started;
    }

    /** A decrypted VP8 packet from the publisher. */
    void onPublisherRtp(byte[] buf, int off, int len) {
        if (!in.wrap(buf, off, len)) {
            return;
        }
        publisherSsrc = in.ssrc();
        boolean keyframe = Vp8Payload.isKeyframe(buf, in.payloadOffset(), in.payloadLength());
        if (keyframe) {
            keyframesSeen++;
        }
        PeerTransport target = player;
        if (target == null || target.state() != PeerTransport.State.CONNECTED) {
            return;
        }
        if (!started) {
            if (!keyframe) {
                return;
            }
            started = true;
        }
        if (len > outBuf.length - SrtpProfile.MAX_TRAILER) {
            return;
        }
        System.arraycopy(buf, off, outBuf, 0, len);
        out.wrap(outBuf, 0, len);
        out.setSsrc(OUT_SSRC);
        out.setSequenceNumber(nextSequence);
        out.setPayloadType(playPayloadType);
        nextSequence = (nextSequence + 1) & 0xFFFF;
        if (target.sendRtp(outBuf, 0, len)) {
            forwarded++;
        }
    }

    /**
     * Asks the publisher for a keyframe when a player is connected, unless forwarding already started
     * from one (or {@code force}).
     */
    void requestKeyframe(boolean force) {
        PeerTransport source = publisher;
        PeerTransport target = player;
        if ((started && !force) || source == null || publisherSsrc == 0 || target == null
                || source.state() != PeerTransport.State.CONNECTED || target.state() != PeerTransport.State.CONNECTED) {
            return;
        }
        int len = Pli.write(pliBuf, 0, PLI_SENDER_SSRC, publisherSsrc);
        if (source.sendRtcp(pliBuf, 0, len)) {
            plisSent++;
        }
    }
}
