package dev.osprey.webrtc.rtp.codec;

/**
 * The AV1 OBU header (AV1 specification §5.3.2), one byte plus an optional extension byte:
 *
 * <pre>
 *  forbidden(1) | obu_type(4) | obu_extension_flag(1) | obu_has_size_field(1) | reserved(1)
 * </pre>
 */
final class Av1Obu {
    static final int SEQUENCE_HEADER = 1;
    static final int TEMPORAL_DELIMITER = 2;
    static final int TILE_LIST = 8;

    static final int FORBIDDEN_BIT = 0x80;
    static final int EXTENSION_FLAG = 0x04;
    static final int HAS_SIZE_FLAG = 0x02;

    private Av1Obu() {
    }

    static int type(int header) {
        return (header >>> 3) & 0x0F;
    }

    /** 1 or 2: the header byte plus the extension byte when flagged. */
    static int headerLength(int header) {
        return (header & EXTENSION_FLAG) != 0 ? 2 : 1;
    }

    /** OBUs the RTP payload format leaves out: temporal delimiters and tile lists. */
    static boolean isDroppedInRtp(int type) {
        return type == TEMPORAL_DELIMITER || type == TILE_LIST;
    }
}
