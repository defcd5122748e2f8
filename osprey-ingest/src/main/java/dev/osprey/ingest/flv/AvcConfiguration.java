package dev.osprey.ingest.flv;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * An H.264 decoder configuration (ISO/IEC 14496-15 §5.3.3, the {@code AVCDecoderConfigurationRecord} of an
 * RTMP/FLV sequence header): the parameter sets and how long the NAL unit length prefixes of the frames are.
 *
 * @param nalLengthSize bytes of each NAL unit's length prefix in the frames (1, 2 or 4)
 * @param sps           sequence parameter sets, each a NAL unit without start code
 * @param pps           picture parameter sets
 */
public record AvcConfiguration(int nalLengthSize, List<byte[]> sps, List<byte[]> pps) {
    /** Parameter sets bigger than this are not real. */
    private static final int MAX_PARAMETER_SET = 1024;

    public AvcConfiguration {
        sps = List.copyOf(sps);
        pps = List.copyOf(pps);
    }

    /** Reads the record; every length is checked against what is there. */
    public static AvcConfiguration parse(byte[] data, int off, int len) throws FlvFormatException {
        int end = off + len;
        if (len < 7 || data[off] != 1) {
            throw new FlvFormatException("not an AVC decoder configuration record version 1");
        }
        int lengthSize = (data[off + 4] & 0x03) + 1;
        if (lengthSize == 3) {
            throw new FlvFormatException("NAL unit length size of 3 bytes");
        }
        int at = off + 5;
        List<byte[]> sps = new ArrayList<>();
        at = readSets(data, at + 1, end, data[at] & 0x1F, sps);
        if (at >= end) {
            throw new FlvFormatException("no picture parameter set count");
        }
        List<byte[]> pps = new ArrayList<>();
        readSets(data, at + 1, end, data[at] & 0xFF, pps);
        if (sps.isEmpty() || pps.isEmpty()) {
            throw new FlvFormatException("a configuration without SPS or PPS");
        }
        if (sps.get(0).length < 4) {
            throw new FlvFormatException("an SPS too short for its profile and level");
        }
        return new AvcConfiguration(lengthSize, sps, pps);
    }

    private static int readSets(byte[] data, int at, int end, int count, List<byte[]> out) throws FlvFormatException {
        for (int i = 0; i < count; i++) {
            if (at + 2 > end) {
                throw new FlvFormatException("parameter set length past the end");
            }
            int length = (data[at] & 0xFF) << 8 | data[at + 1] & 0xFF;
            at += 2;
            if (length == 0 || length > MAX_PARAMETER_SET || at + length > end) {
                throw new FlvFormatException("parameter set of " + length + " bytes");
            }
            byte[] set = new byte[length];
            System.arraycopy(data, at, set, 0, length);
            out.add(set);
            at += length;
        }
        return at;
    }

    /**
     * The SDP {@code profile-level-id} (RFC 6184 §8.1) of the first SPS: profile_idc, the constraint flags
     * and level_idc, in hex.
     */
    public String profileLevelId() {
        byte[] sps = this.sps.get(0);
        return HexFormat.of().formatHex(sps, 1, 4);
    }
}
