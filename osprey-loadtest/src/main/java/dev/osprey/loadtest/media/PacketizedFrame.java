package dev.osprey.loadtest.media;

import dev.osprey.webrtc.rtp.codec.RtpPacketizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The RTP payloads of one frame, in send order; the last one carries the marker bit. */
public record PacketizedFrame(List<byte[]> payloads, boolean keyframe, int bytes) {

    public PacketizedFrame {
        payloads = List.copyOf(payloads);
    }

    /** Packetizes {@code frame} once, keeping copies of the payloads for every later send. */
    public static PacketizedFrame of(RtpPacketizer packetizer, EncodedFrame frame) {
        byte[] data = frame.data();
        List<byte[]> payloads = new ArrayList<>();
        packetizer.packetize(data, 0, data.length, frame.keyframe(),
                (buf, off, len, last) -> payloads.add(Arrays.copyOfRange(buf, off, off + len)));
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("a frame of " + data.length + " bytes gave no RTP payload");
        }
        return new PacketizedFrame(payloads, frame.keyframe(), data.length);
    }
}
