package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.RtpPacketizer;
import java.util.ArrayList;
import java.util.List;

/** Test helper: turns frames into RTP datagrams (a packetizer plus RtpPacket.writeHeader). */
final class RtpSender {
    static final int SSRC = 0x1234_5678;

    private final RtpPacketizer packetizer;
    private final int timestampStep;
    private int sequence;
    private int timestamp;

    RtpSender(RtpPacketizer packetizer, int firstSequence, int firstTimestamp, int timestampStep) {
        this.packetizer = packetizer;
        this.sequence = firstSequence;
        this.timestamp = firstTimestamp;
        this.timestampStep = timestampStep;
    }

    /** The datagrams of one frame, marker on the last; the next frame gets the next timestamp. */
    List<byte[]> send(byte[] frame, boolean keyframe) {
        List<byte[]> out = new ArrayList<>();
        packetizer.packetize(frame, 0, frame.length, keyframe, (buf, off, len, last) -> {
            byte[] d = new byte[RtpPacket.FIXED_HEADER_LENGTH + len];
            RtpPacket.writeHeader(d, 0, last, 96, sequence, timestamp, SSRC);
            System.arraycopy(buf, off, d, RtpPacket.FIXED_HEADER_LENGTH, len);
            sequence = (sequence + 1) & 0xFFFF;
            out.add(d);
        });
        timestamp += timestampStep;
        return out;
    }

    /** A padding-only datagram (empty payload), as congestion control probes send. */
    byte[] padding() {
        byte[] d = new byte[RtpPacket.FIXED_HEADER_LENGTH];
        RtpPacket.writeHeader(d, 0, false, 96, sequence, timestamp - timestampStep, SSRC);
        sequence = (sequence + 1) & 0xFFFF;
        return d;
    }
}
