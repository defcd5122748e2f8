package dev.osprey.media.frame;

import dev.osprey.media.Broadcast;
import dev.osprey.media.TrackDescription;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.PayloadSink;
import dev.osprey.webrtc.rtp.codec.RtpPacketizer;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The way in for sources that have frames, not RTP (RTMP, SRT and WHIP ingest, files, a transcoder):
 * turns one track's frames into the RTP packets a {@link Broadcast} takes, under the track's SSRC and
 * payload type, with consecutive sequence numbers and the marker bit on each frame's last packet.
 * One instance per track; one thread; allocation-free once warm.
 */
public final class FramePacketizer implements PayloadSink {
    /** RTP payloads stay under this, so that a packet fits a 1,200-byte datagram after SRTP. */
    public static final int MAX_PAYLOAD = 1_100;

    /** Receives each packet; the buffer is reused once the call returns. */
    @FunctionalInterface
    public interface PacketSink {
        void packet(byte[] buf, int off, int len);
    }

    private final RtpPacketizer payloads;
    private final int ssrc;
    private final int payloadType;
    private final byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + MAX_PAYLOAD];
    private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    private int timestamp;
    private PacketSink sink;

    /** For the track {@code track} describes (its codec, SSRC and payload type). */
    public FramePacketizer(TrackDescription track) {
        this.payloads = RtpPayloadFormats.packetizer(track.codec(), MAX_PAYLOAD);
        this.ssrc = track.ssrc();
        this.payloadType = track.payloadType();
    }

    /**
     * Packetizes one frame taken at RTP time {@code rtpTimestamp} (the track's clock) and hands every
     * packet to {@code sink}, in order; returns how many.
     */
    public int packetize(byte[] frame, int off, int len, boolean keyframe, int rtpTimestamp, PacketSink sink) {
        this.sink = sink;
        this.timestamp = rtpTimestamp;
        try {
            return payloads.packetize(frame, off, len, keyframe, this);
        } finally {
            this.sink = null;
        }
    }

    @Override
    public void payload(byte[] buf, int off, int len, boolean lastOfFrame) {
        int header = RtpPacket.writeHeader(packet, 0, lastOfFrame, payloadType, sequence, timestamp, ssrc);
        System.arraycopy(buf, off, packet, header, len);
        sequence = (sequence + 1) & 0xFFFF;
        sink.packet(packet, 0, header + len);
    }
}
