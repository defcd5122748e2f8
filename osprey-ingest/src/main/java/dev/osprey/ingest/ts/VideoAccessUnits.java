package dev.osprey.ingest.ts;

import java.util.Arrays;

/** Hands each video PES payload to the listener as one access unit, noting whether it is a keyframe. */
final class VideoAccessUnits implements PesSink {
    private static final int H264_IDR = 5;
    private static final int H264_FIRST_VCL = 1;
    private static final int H265_LAST_VCL = 31;
    private static final int H265_FIRST_IRAP = 16;
    private static final int H265_LAST_IRAP = 21;

    private final TsCodec codec;
    private final TsListener listener;

    VideoAccessUnits(TsCodec codec, TsListener listener) {
        this.codec = codec;
        this.listener = listener;
    }

    @Override
    public void onPes(byte[] buffer, int from, int to, long pts, long dts) {
        if (to <= from) {
            return;
        }
        boolean keyframe = startsWithIdr(buffer, from, to);
        listener.onVideoAccessUnit(codec, pts, dts, Arrays.copyOfRange(buffer, from, to), keyframe);
    }

    @Override
    public void reset() {
    }

    @Override
    public int retainedBytes() {
        return 0;
    }

    /**
     * Whether the first slice of the access unit is an IDR (IRAP for H.265) picture. All slices of
     * a picture share the type, so the scan stops at the first one instead of reading the whole unit.
     */
    boolean startsWithIdr(byte[] data, int from, int to) {
        int zeros = 0;
        for (int i = from; i < to - 1; i++) {
            byte b = data[i];
            if (b == 0) {
                zeros++;
                continue;
            }
            if (b == 1 && zeros >= 2) {
                int header = data[i + 1] & 0xFF;
                if (codec == TsCodec.H264) {
                    int type = header & 0x1F;
                    if (type >= H264_FIRST_VCL && type <= H264_IDR) {
                        return type == H264_IDR;
                    }
                } else {
                    int type = (header >>> 1) & 0x3F;
                    if (type <= H265_LAST_VCL) {
                        return type >= H265_FIRST_IRAP && type <= H265_LAST_IRAP;
                    }
                }
            }
            zeros = 0;
        }
        return false;
    }
}
