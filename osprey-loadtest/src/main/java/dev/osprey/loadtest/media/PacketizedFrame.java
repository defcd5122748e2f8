package dev.osprey.loadtest.media;

import java.util.List;

/** The RTP payloads of one frame, in send order; the last one carries the marker bit. */
public record PacketizedFrame(List<byte[]> payloads, boolean keyframe, int bytes) {

    public PacketizedFrame {
        payloads = List.copyOf(payloads);
    }
}
