package dev.osprey.webrtc.rtp.codec;

/**
 * Receives the RTP payloads of one frame from an {@link RtpPacketizer}, in send order. The buffer
 * belongs to the packetizer and is reused once the call returns: copy what must outlive it.
 */
@FunctionalInterface
public interface PayloadSink {
    /** One payload; {@code lastOfFrame} is set on the frame's last one (the packet with the marker bit). */
    void payload(byte[] buf, int off, int len, boolean lastOfFrame);
}
