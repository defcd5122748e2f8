package dev.osprey.loadtest.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one VP8 frame into RTP payloads (RFC 7741): each payload starts with a 4-byte descriptor
 * carrying a 15-bit picture id (X=1, I=1, M=1), S=1 and PID=0 on the first one. The picture id is
 * left 0 here and written per send with {@link #writePictureId}, because every publisher numbers
 * its own pictures.
 */
public final class Vp8Packetizer {
    public static final int DESCRIPTOR_LENGTH = 4;

    private Vp8Packetizer() {
    }

    public static List<byte[]> packetize(byte[] frame, int maxPayload) {
        if (frame.length == 0) {
            throw new IllegalArgumentException("empty frame");
        }
        int chunk = maxPayload - DESCRIPTOR_LENGTH;
        if (chunk <= 0) {
            throw new IllegalArgumentException("maxPayload too small: " + maxPayload);
        }
        // Balanced packets (sizes differ by at most one byte) rather than full ones plus a runt, as browsers do.
        int count = (frame.length + chunk - 1) / chunk;
        int base = frame.length / count;
        int larger = frame.length % count;
        List<byte[]> out = new ArrayList<>(count);
        int pos = 0;
        for (int i = 0; i < count; i++) {
            int n = base + (i < larger ? 1 : 0);
            byte[] p = new byte[DESCRIPTOR_LENGTH + n];
            p[0] = (byte) (pos == 0 ? 0x90 : 0x80); // X, and S on the partition start
            p[1] = (byte) 0x80;                     // I: picture id present
            p[2] = (byte) 0x80;                     // M: 15-bit picture id
            System.arraycopy(frame, pos, p, DESCRIPTOR_LENGTH, n);
            out.add(p);
            pos += n;
        }
        return out;
    }

    /** Writes the 15-bit picture id into the descriptor of a payload made by {@link #packetize}. */
    public static void writePictureId(byte[] buf, int payloadOffset, int pictureId) {
        buf[payloadOffset + 2] = (byte) (0x80 | (pictureId >> 8) & 0x7F);
        buf[payloadOffset + 3] = (byte) pictureId;
    }
}
