package dev.osprey.ingest.flv;

import dev.osprey.webrtc.rtp.codec.Av1Obu;

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
    /** Reads the record; its config OBUs are checked OBU by OBU. */
    public static Av1Configuration parse(byte[] data, int off, int len) throws FlvFormatException {
        if (len < 4 || (data[off] & 0xFF) != 0x81) {
            throw new FlvFormatException("not an AV1 codec configuration record version 1");
        }
        int profile = (data[off + 1] & 0xFF) >>> 5;
        byte[] sequenceHeader = null;
        int end = off + len;
        for (int at = off + 4; at < end; ) {
            int obuEnd = obuEnd(data, at, end);
            if (Av1Obu.type(data[at] & 0xFF) == Av1Obu.SEQUENCE_HEADER && sequenceHeader == null) {
                sequenceHeader = Arrays.copyOfRange(data, at, obuEnd);
            }
            at = obuEnd;
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
            int obuEnd = obuEnd(data, at, end);
            hasSequenceHeader |= Av1Obu.type(data[at] & 0xFF) == Av1Obu.SEQUENCE_HEADER;
            at = obuEnd;
        }
        if (!keyframe || hasSequenceHeader || sequenceHeader == null) {
            return Arrays.copyOfRange(data, off, end);
        }
        byte[] unit = new byte[sequenceHeader.length + len];
        System.arraycopy(sequenceHeader, 0, unit, 0, sequenceHeader.length);
        System.arraycopy(data, off, unit, sequenceHeader.length, len);
        return unit;
    }

    /** Where the OBU at {@code at} ends; a low-overhead stream's OBUs must carry their size. */
    private static int obuEnd(byte[] data, int at, int end) throws FlvFormatException {
        int obuEnd = (data[at] & Av1Obu.HAS_SIZE_FLAG) == 0 ? -1 : Av1Obu.end(data, at, end);
        if (obuEnd < 0) {
            throw new FlvFormatException("broken OBU at " + at);
        }
        return obuEnd;
    }
}
