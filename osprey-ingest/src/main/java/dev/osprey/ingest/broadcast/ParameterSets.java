package dev.osprey.ingest.broadcast;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * The H.264 parameter sets of an Annex B stream (MPEG-TS carries them in the stream, not in a header):
 * remembers the latest SPS and PPS, and puts them in front of a keyframe that comes without, so that a
 * viewer can start at any keyframe. One per stream, on one thread.
 */
final class ParameterSets {
    private static final int SPS = 7;
    private static final int PPS = 8;
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
        for (int at = nextNal(accessUnit, 0); at >= 0; ) {
            int next = nextNal(accessUnit, at);
            int end = next < 0 ? accessUnit.length : startCodeStart(accessUnit, next);
            int type = accessUnit[at] & 0x1F;
            if (type == SPS) {
                sps = java.util.Arrays.copyOfRange(accessUnit, at, end);
                hasSps = true;
            } else if (type == PPS) {
                pps = java.util.Arrays.copyOfRange(accessUnit, at, end);
            }
            at = next;
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

    /** The offset of the NAL unit after the first start code at or after {@code from}, or -1. */
    private static int nextNal(byte[] b, int from) {
        for (int i = from; i + 2 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1) {
                return i + 3 < b.length ? i + 3 : -1;
            }
        }
        return -1;
    }

    /** Where the start code before the NAL unit at {@code nal} begins (3 or 4 bytes back, trailing zeros included). */
    private static int startCodeStart(byte[] b, int nal) {
        int i = nal - 3;
        while (i > 0 && b[i - 1] == 0) {
            i--;
        }
        return i;
    }
}
