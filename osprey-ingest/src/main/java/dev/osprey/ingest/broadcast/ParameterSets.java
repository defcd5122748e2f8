package dev.osprey.ingest.broadcast;

import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The H.264 parameter sets of an Annex B stream (MPEG-TS carries them in the stream, not in a header):
 * remembers the latest SPS and PPS, and puts them in front of a keyframe that comes without, so that a
 * viewer can start at any keyframe. One per stream, on one thread.
 */
final class ParameterSets {
    private static final byte[] START_CODE = {0, 0, 0, 1};

    private byte[] sps;
    private byte[] pps;

    /** The {@code profile-level-id} of the latest SPS, or null before one was seen. */
    String profileLevelId() {
        return sps == null || sps.length < 4 ? null : HexFormat.of().formatHex(sps, 1, 4);
    }

    /** Learns the parameter sets of {@code accessUnit}; returns it, with them in front when it is a keyframe without. */
    byte[] apply(byte[] accessUnit, boolean keyframe) {
        boolean hasSps = false;
        int end = accessUnit.length;
        for (int nal = AnnexB.nalStart(accessUnit, 0, end); nal >= 0; ) {
            int nalEnd = AnnexB.nalEnd(accessUnit, nal, end);
            int type = accessUnit[nal] & 0x1F;
            if (type == H264Payload.NAL_SPS) {
                sps = Arrays.copyOfRange(accessUnit, nal, nalEnd);
                hasSps = true;
            } else if (type == H264Payload.NAL_PPS) {
                pps = Arrays.copyOfRange(accessUnit, nal, nalEnd);
            }
            nal = AnnexB.nalStart(accessUnit, nalEnd, end);
        }
        if (!keyframe || hasSps || sps == null || pps == null) {
            return accessUnit;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(accessUnit.length + sps.length + pps.length + 8);
        out.writeBytes(START_CODE);
        out.writeBytes(sps);
        out.writeBytes(START_CODE);
        out.writeBytes(pps);
        out.writeBytes(accessUnit);
        return out.toByteArray();
    }
}
