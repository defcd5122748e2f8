package dev.osprey.ingest.flv;

import java.util.Arrays;

/**
 * An AV1 codec configuration record (AV1 in ISOBMFF §2.3, the payload of an Enhanced RTMP {@code av01}
 * sequence start): the profile, and the sequence header OBU that a decoder needs before the first
 * keyframe.
 *
 * @param profile        seq_profile (0 = main, what browsers decode)
 * @param sequenceHeader the sequence header OBU with its size field, or null when the record carries none
 */
public record Av1Configuration(int profile, byte[] sequenceHeader) {
    static final int OBU_SEQUENCE_HEADER = 1;

    /** Reads the record; its config OBUs are checked OBU by OBU. */
    public static Av1Configuration parse(byte[] data, int off, int len) throws FlvFormatException {
        if (len < 4 || (data[off] & 0xFF) != 0x81) {
            throw new FlvFormatException("not an AV1 codec configuration record version 1");
        }
        int profile = (data[off + 1] & 0xFF) >>> 5;
        byte[] sequenceHeader = null;
        int end = off + len;
        for (int at = off + 4; at < end; ) {
            Obu obu = Obu.at(data, at, end);
            if (obu.type() == OBU_SEQUENCE_HEADER && sequenceHeader == null) {
                sequenceHeader = Arrays.copyOfRange(data, at, obu.end());
            }
            at = obu.end();
        }
        return new Av1Configuration(profile, sequenceHeader);
    }

    /**
     * A temporal unit (low-overhead OBUs, as Enhanced RTMP's coded frames carry it) with the sequence
     * header in front when it is a keyframe that comes without one, so that viewers can start there.
     */
    public byte[] temporalUnit(byte[] data, int off, int len, boolean keyframe) throws FlvFormatException {
        boolean hasSequenceHeader = false;
        int end = off + len;
        for (int at = off; at < end; ) {
            Obu obu = Obu.at(data, at, end);
            hasSequenceHeader |= obu.type() == OBU_SEQUENCE_HEADER;
            at = obu.end();
        }
        if (!keyframe || hasSequenceHeader || sequenceHeader == null) {
            return Arrays.copyOfRange(data, off, end);
        }
        byte[] unit = new byte[sequenceHeader.length + len];
        System.arraycopy(sequenceHeader, 0, unit, 0, sequenceHeader.length);
        System.arraycopy(data, off, unit, sequenceHeader.length, len);
        return unit;
    }

    /** One OBU of a low-overhead stream: its type and where it ends. */
    private record Obu(int type, int end) {
        static Obu at(byte[] data, int at, int end) throws FlvFormatException {
            int header = data[at] & 0xFF;
            if ((header & 0x80) != 0) {
                throw new FlvFormatException("OBU with the forbidden bit set");
            }
            if ((header & 0x02) == 0) {
                throw new FlvFormatException("OBU without a size field in a low-overhead stream");
            }
            int p = at + 1 + ((header & 0x04) != 0 ? 1 : 0);
            long size = 0;
            for (int i = 0; ; i++) {
                if (p >= end || i == 8) {
                    throw new FlvFormatException("OBU size past the end");
                }
                int b = data[p++] & 0xFF;
                size |= (long) (b & 0x7F) << (7 * i);
                if ((b & 0x80) == 0) {
                    break;
                }
            }
            if (size > end - p) {
                throw new FlvFormatException("OBU of " + size + " bytes with " + (end - p) + " left");
            }
            return new Obu((header >>> 3) & 0x0F, p + (int) size);
        }
    }
}
