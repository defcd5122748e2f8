package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * Reads the picture size out of an H.264 sequence parameter set NAL unit (ITU-T H.264 §7.3.2.1.1),
 * so a recorder or the console can tell a stream's resolution without decoding. Emulation-prevention
 * bytes are skipped on the fly; nothing is allocated. Reusable: {@link #parse} then the getters.
 */
public final class H264Sps {
    private byte[] buf;
    private int end;
    private int pos;
    private int bit;
    private int zeros;
    private boolean overrun;

    private int profileIdc;
    private int levelIdc;
    private int width;
    private int height;

    /**
     * Parses the SPS NAL unit at {@code off} (starting with its NAL header, type 7). {@code len} may
     * run past the NAL unit (e.g. the rest of a STAP-A): parsing stops before the VUI. Returns false
     * when it is not an SPS or is truncated or inconsistent.
     */
    public boolean parse(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 4 || (buf[off] & 0x1F) != H264Payload.NAL_SPS) {
            return false;
        }
        this.buf = buf;
        this.pos = off + 1;
        this.end = off + len;
        this.bit = 0;
        this.zeros = 0;
        this.overrun = false;

        int profile = bits(8);
        bits(8); // constraint flags
        int level = bits(8);
        ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (hasChromaInfo(profile)) {
            chromaFormat = ue();
            if (chromaFormat > 3) {
                return false;
            }
            if (chromaFormat == 3) {
                separateColourPlanes = bits(1) == 1;
            }
            ue(); // bit_depth_luma_minus8
            ue(); // bit_depth_chroma_minus8
            bits(1); // qpprime_y_zero_transform_bypass_flag
            if (bits(1) == 1 && !skipScalingLists(chromaFormat == 3 ? 12 : 8)) {
                return false;
            }
        }
        ue(); // log2_max_frame_num_minus4
        int pocType = ue();
        if (pocType == 0) {
            ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            bits(1); // delta_pic_order_always_zero_flag
            se(); // offset_for_non_ref_pic
            se(); // offset_for_top_to_bottom_field
            int cycle = ue();
            if (cycle > 255) {
                return false;
            }
            for (int i = 0; i < cycle && !overrun; i++) {
                se();
            }
        } else if (pocType != 2) {
            return false;
        }
        ue(); // max_num_ref_frames
        bits(1); // gaps_in_frame_num_value_allowed_flag
        int widthMbs = ue() + 1;
        int heightMapUnits = ue() + 1;
        int frameMbsOnly = bits(1);
        if (frameMbsOnly == 0) {
            bits(1); // mb_adaptive_frame_field_flag
        }
        bits(1); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (bits(1) == 1) {
            cropLeft = ue();
            cropRight = ue();
            cropTop = ue();
            cropBottom = ue();
        }
        if (overrun || widthMbs <= 0 || heightMapUnits <= 0) {
            return false;
        }
        // §7.4.2.1.1: crop units depend on chroma subsampling and on field coding
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        int subWidth = chromaFormat == 3 ? 1 : 2;
        int subHeight = chromaFormat == 1 ? 2 : 1;
        int cropUnitX = chromaArrayType == 0 ? 1 : subWidth;
        int cropUnitY = (chromaArrayType == 0 ? 1 : subHeight) * (2 - frameMbsOnly);
        long w = widthMbs * 16L - (long) cropUnitX * (cropLeft + cropRight);
        long h = (2L - frameMbsOnly) * heightMapUnits * 16 - (long) cropUnitY * (cropTop + cropBottom);
        if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
            return false;
        }
        this.profileIdc = profile;
        this.levelIdc = level;
        this.width = (int) w;
        this.height = (int) h;
        return true;
    }

    public int profileIdc() {
        return profileIdc;
    }

    public int levelIdc() {
        return levelIdc;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    private static boolean hasChromaInfo(int profile) {
        return switch (profile) {
            case 100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135 -> true;
            default -> false;
        };
    }

    private boolean skipScalingLists(int count) {
        for (int i = 0; i < count && !overrun; i++) {
            if (bits(1) == 0) {
                continue;
            }
            int size = i < 6 ? 16 : 64;
            int last = 8;
            int next = 8;
            for (int j = 0; j < size && !overrun; j++) {
                if (next != 0) {
                    int delta = se();
                    if (delta < -128 || delta > 127) {
                        return false;
                    }
                    next = (last + delta + 256) % 256;
                }
                last = next == 0 ? last : next;
            }
        }
        return !overrun;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 1 | nextBit();
        }
        return v;
    }

    private int nextBit() {
        if (bit == 0) {
            // an 0x03 after two zero bytes is emulation prevention, not data
            if (zeros >= 2 && pos < end && buf[pos] == 0x03) {
                pos++;
                zeros = 0;
            }
            if (pos >= end) {
                overrun = true;
                return 0;
            }
        }
        int b = (buf[pos] >>> (7 - bit)) & 1;
        if (++bit == 8) {
            zeros = buf[pos] == 0 ? zeros + 1 : 0;
            bit = 0;
            pos++;
        }
        return b;
    }

    /** Unsigned Exp-Golomb; overlong codes mark the parse as failed. */
    private int ue() {
        int leadingZeros = 0;
        while (nextBit() == 0) {
            if (overrun || ++leadingZeros > 31) {
                overrun = true;
                return 0;
            }
        }
        return (int) ((1L << leadingZeros) - 1 + (bits(leadingZeros) & 0xFFFFFFFFL));
    }

    private int se() {
        int k = ue();
        return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
    }
}
