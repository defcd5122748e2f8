package dev.osprey.ingest.flv;

/**
 * The header of an FLV video tag body (FLV 10.1 §E.4.3.1, and Enhanced RTMP's extended header), with
 * where its payload starts.
 *
 * @param codec           "avc" for legacy H.264 (codec id 7), else the Enhanced RTMP FourCC ("hvc1",
 *                        "av01", "vp09") or "id:N" for another legacy codec id
 * @param keyframe        frame type 1 (a key frame)
 * @param packet          what the payload is
 * @param compositionTime PTS minus DTS in milliseconds (0 where the format has none)
 */
public record FlvVideoTag(String codec, boolean keyframe, Packet packet, int compositionTime, int payloadOffset,
                          int payloadLength) {

    /** What a video tag carries. */
    public enum Packet { SEQUENCE_HEADER, FRAME, END_OF_SEQUENCE, OTHER }

    public static final String AVC = "avc";
    /** Enhanced RTMP's FourCC of AV1. */
    public static final String AV1 = "av01";

    /** Reads the header of {@code tag}; throws when it is shorter than its header says. */
    public static FlvVideoTag parse(byte[] tag) throws FlvFormatException {
        if (tag.length < 1) {
            throw new FlvFormatException("empty video tag");
        }
        int first = tag[0] & 0xFF;
        if ((first & 0x80) != 0) {
            return parseEnhanced(tag, first);
        }
        boolean keyframe = (first >> 4 & 0x07) == 1;
        int codecId = first & 0x0F;
        if (codecId != 7) {
            return new FlvVideoTag("id:" + codecId, keyframe, Packet.OTHER, 0, 1, tag.length - 1);
        }
        if (tag.length < 5) {
            throw new FlvFormatException("AVC video tag of " + tag.length + " bytes");
        }
        Packet packet = switch (tag[1]) {
            case 0 -> Packet.SEQUENCE_HEADER;
            case 1 -> Packet.FRAME;
            case 2 -> Packet.END_OF_SEQUENCE;
            default -> Packet.OTHER;
        };
        return new FlvVideoTag(AVC, keyframe, packet, si24(tag, 2), 5, tag.length - 5);
    }

    /** Enhanced RTMP: frame type, packet type and a FourCC in place of the codec id. */
    private static FlvVideoTag parseEnhanced(byte[] tag, int first) throws FlvFormatException {
        if (tag.length < 5) {
            throw new FlvFormatException("extended video tag of " + tag.length + " bytes");
        }
        boolean keyframe = (first >> 4 & 0x07) == 1;
        String fourCc = new String(tag, 1, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
        int type = first & 0x0F;
        Packet packet;
        int compositionTime = 0;
        int offset = 5;
        switch (type) {
            case 0 -> packet = Packet.SEQUENCE_HEADER;
            case 1 -> {
                packet = Packet.FRAME;
                if ("hvc1".equals(fourCc)) {
                    if (tag.length < 8) {
                        throw new FlvFormatException("HEVC frame without its composition time");
                    }
                    compositionTime = si24(tag, 5);
                    offset = 8;
                }
            }
            case 2 -> packet = Packet.END_OF_SEQUENCE;
            case 3 -> packet = Packet.FRAME; // coded frames without composition time
            default -> packet = Packet.OTHER;
        }
        return new FlvVideoTag(fourCc, keyframe, packet, compositionTime, offset, tag.length - offset);
    }

    private static int si24(byte[] b, int at) {
        int v = (b[at] & 0xFF) << 16 | (b[at + 1] & 0xFF) << 8 | b[at + 2] & 0xFF;
        return v << 8 >> 8;
    }
}
