package dev.osprey.webrtc.rtp.codec;

/**
 * The AV1 OBU header (AV1 specification §5.3.2), one byte plus an optional extension byte:
 *
 * <pre>
 *  forbidden(1) | obu_type(4) | obu_extension_flag(1) | obu_has_size_field(1) | reserved(1)
 * </pre>
 */
public final class Av1Obu {
    public static final int SEQUENCE_HEADER = 1;
    static final int TEMPORAL_DELIMITER = 2;
    static final int TILE_LIST = 8;

    static final int FORBIDDEN_BIT = 0x80;
    static final int EXTENSION_FLAG = 0x04;
    public static final int HAS_SIZE_FLAG = 0x02;

    private Av1Obu() {
    }

    public static int type(int header) {
        return (header >>> 3) & 0x0F;
    }

    /** 1 or 2: the header byte plus the extension byte when flagged. */
    static int headerLength(int header) {
        return (header & EXTENSION_FLAG) != 0 ? 2 : 1;
    }

    /**
     * Where the OBU that begins at {@code at} of a low-overhead stream ends: after its obu_size bytes, or
     * at {@code end} when it has no size field (only the last OBU may omit it); -1 when it is malformed
     * (forbidden bit set, size truncated or past {@code end}).
     */
    public static int end(byte[] b, int at, int end) {
        if (at >= end) {
            return -1;
        }
        int header = b[at] & 0xFF;
        int payload = at + headerLength(header);
        if ((header & FORBIDDEN_BIT) != 0 || payload > end) {
            return -1;
        }
        if ((header & HAS_SIZE_FLAG) == 0) {
            return end;
        }
        long read = Leb128.read(b, payload, end);
        if (read < 0) {
            return -1;
        }
        long obuEnd = payload + Leb128.readBytes(read) + Leb128.readValue(read);
        return obuEnd > end ? -1 : (int) obuEnd;
    }

    /** OBUs the RTP payload format leaves out: temporal delimiters and tile lists. */
    static boolean isDroppedInRtp(int type) {
        return type == TEMPORAL_DELIMITER || type == TILE_LIST;
    }
}
