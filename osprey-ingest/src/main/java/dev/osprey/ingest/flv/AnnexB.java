package dev.osprey.ingest.flv;

import dev.osprey.webrtc.rtp.codec.H264Payload;

/**
 * Turns an FLV/MP4 H.264 frame (NAL units each behind a length prefix, "AVCC") into the Annex B byte
 * stream the RTP packetizer takes (each NAL unit behind a start code), putting the parameter sets in
 * front of every IDR frame so that a viewer can start decoding at any keyframe.
 */
public final class AnnexB {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private AnnexB() {
    }

    /** The H.264 NAL unit type of a NAL unit's first byte. */
    public static int nalType(byte first) {
        return first & 0x1F;
    }

    /**
     * The Annex B form of one frame. {@code keyframe} is set on return through the result's
     * {@link Frame#keyframe()}: true when the frame holds an IDR slice.
     *
     * @throws FlvFormatException when a length prefix runs past the frame
     */
    public static Frame fromAvcc(byte[] data, int off, int len, AvcConfiguration config) throws FlvFormatException {
        int size = config.nalLengthSize();
        int end = off + len;
        int total = 0;
        boolean idr = false;
        boolean hasSps = false;
        for (int at = off; at < end; ) {
            int nal = nalLength(data, at, end, size);
            at += size;
            if (nal == 0) {
                continue;
            }
            int type = nalType(data[at]);
            idr |= type == H264Payload.NAL_IDR;
            hasSps |= type == H264Payload.NAL_SPS;
            total += START_CODE.length + nal;
            at += nal;
        }
        boolean addParameterSets = idr && !hasSps;
        if (addParameterSets) {
            total += parameterSetsLength(config);
        }
        byte[] out = new byte[total];
        int w = 0;
        if (addParameterSets) {
            for (byte[] sps : config.sps()) {
                w = put(out, w, sps, 0, sps.length);
            }
            for (byte[] pps : config.pps()) {
                w = put(out, w, pps, 0, pps.length);
            }
        }
        for (int at = off; at < end; ) {
            int nal = nalLength(data, at, end, size);
            at += size;
            if (nal > 0) {
                w = put(out, w, data, at, nal);
                at += nal;
            }
        }
        return new Frame(out, idr);
    }

    /** One frame in Annex B form, and whether it holds an IDR slice. */
    public record Frame(byte[] data, boolean keyframe) {
    }

    private static int parameterSetsLength(AvcConfiguration config) {
        int n = 0;
        for (byte[] s : config.sps()) {
            n += START_CODE.length + s.length;
        }
        for (byte[] s : config.pps()) {
            n += START_CODE.length + s.length;
        }
        return n;
    }

    private static int nalLength(byte[] data, int at, int end, int size) throws FlvFormatException {
        if (at + size > end) {
            throw new FlvFormatException("NAL unit length prefix past the end of the frame");
        }
        long length = 0;
        for (int i = 0; i < size; i++) {
            length = length << 8 | data[at + i] & 0xFF;
        }
        if (length > end - at - size) {
            throw new FlvFormatException("NAL unit of " + length + " bytes in a frame of " + (end - at) + " left");
        }
        return (int) length;
    }

    private static int put(byte[] out, int w, byte[] nal, int off, int len) {
        System.arraycopy(START_CODE, 0, out, w, START_CODE.length);
        System.arraycopy(nal, off, out, w + START_CODE.length, len);
        return w + START_CODE.length + len;
    }
}
