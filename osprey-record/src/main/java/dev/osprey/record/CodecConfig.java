package dev.osprey.record;

import java.io.ByteArrayOutputStream;

/**
 * The codec configuration a muxer needs in its header, taken from the first keyframe: H.264's SPS and
 * PPS (Annex B, which FFmpeg's MP4 muxer turns into an {@code avcC} box), AV1's sequence header OBU,
 * and Opus's identification header (RFC 7845 §5.1), which the tap's frames never carry.
 */
final class CodecConfig {
    private static final int H264_SPS = 7;
    private static final int H264_PPS = 8;
    private static final int AV1_SEQUENCE_HEADER = 1;

    private CodecConfig() {
    }

    /**
     * The SPS and PPS units of an Annex B access unit, each after a 4-byte start code, or null when it
     * has neither.
     */
    static byte[] h264ParameterSets(byte[] data, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean sps = false;
        boolean pps = false;
        int start = nextUnit(data, 0, length);
        while (start >= 0 && start < length) {
            int next = nextUnit(data, start, length);
            int end = next < 0 ? length : startCodeBegin(data, next);
            int type = data[start] & 0x1F;
            if (type == H264_SPS || type == H264_PPS) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(1);
                out.write(data, start, end - start);
                sps |= type == H264_SPS;
                pps |= type == H264_PPS;
            }
            start = next;
        }
        return sps && pps ? out.toByteArray() : null;
    }

    /** The first byte after the next start code at or after {@code from}, or -1. */
    private static int nextUnit(byte[] data, int from, int length) {
        for (int i = from; i + 2 < length; i++) {
            if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
                return i + 3;
            }
        }
        return -1;
    }

    /** Where the start code (3 or 4 bytes) that ends just before {@code unit} begins. */
    private static int startCodeBegin(byte[] data, int unit) {
        int begin = unit - 3;
        return begin > 0 && data[begin - 1] == 0 ? begin - 1 : begin;
    }

    /** The sequence header OBU of an AV1 temporal unit (low-overhead format), or null when it has none. */
    static byte[] av1SequenceHeader(byte[] data, int length) {
        int at = 0;
        while (at < length) {
            int header = data[at] & 0xFF;
            int type = (header >> 3) & 0x0F;
            boolean extension = (header & 0x04) != 0;
            boolean hasSize = (header & 0x02) != 0;
            int payload = at + 1 + (extension ? 1 : 0);
            long size;
            if (hasSize) {
                size = 0;
                int shift = 0;
                while (true) {
                    if (payload >= length || shift > 56) {
                        return null;
                    }
                    int b = data[payload++] & 0xFF;
                    size |= (long) (b & 0x7F) << shift;
                    shift += 7;
                    if ((b & 0x80) == 0) {
                        break;
                    }
                }
            } else {
                size = length - payload;
            }
            long end = payload + size;
            if (end > length) {
                return null;
            }
            if (type == AV1_SEQUENCE_HEADER) {
                byte[] obu = new byte[(int) end - at];
                System.arraycopy(data, at, obu, 0, obu.length);
                return obu;
            }
            at = (int) end;
        }
        return null;
    }

    /**
     * Opus's identification header: version 1, {@code channels}, no pre-skip (WebRTC streams have none
     * to skip), 48 kHz, no gain, channel mapping family 0.
     */
    static byte[] opusHead(int channels) {
        return new byte[] {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, (byte) channels, 0, 0,
                (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0};
    }
}
