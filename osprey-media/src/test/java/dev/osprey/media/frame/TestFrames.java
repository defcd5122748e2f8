package dev.osprey.media.frame;

import java.io.ByteArrayOutputStream;
import java.util.HexFormat;

/**
 * Test helper: encoded frames that follow each bitstream's rules as far as the payload formats look
 * (VP8 frame tags and keyframe start code, a VP9 keyframe header, H.264 NAL unit headers and slice
 * starts, AV1 OBU headers and sizes), filled with deterministic bytes.
 */
final class TestFrames {
    static final byte[] SPS = hex("67 42 c0 0b d9 01 41 fb 01 10 00 00 03 00 10 00 00 03 00 20 f1 42 a4 80");
    static final byte[] PPS = hex("68 ce 3c 80");

    private TestFrames() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] filler(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed * 7 + i * 31 + (i >>> 8));
        }
        return b;
    }

    /** A frame of {@code codec} ("VP8", "VP9", "H264", "AV1", "opus"), keyframe or not, of about {@code size} bytes. */
    static byte[] frame(String codec, boolean keyframe, int size, int seed) {
        return switch (codec) {
            case "VP8" -> vp8(keyframe, size, seed);
            case "VP9" -> vp9(keyframe, size, seed);
            case "H264" -> keyframe ? annexB(SPS, PPS, slice(true, size, seed)) : annexB(slice(false, size, seed));
            case "AV1" -> av1(keyframe, size, seed);
            default -> filler(Math.max(size, 1), seed);
        };
    }

    static byte[] vp8(boolean keyframe, int size, int seed) {
        byte[] f = filler(Math.max(size, 10), seed);
        if (keyframe) {
            f[0] = 0x50;
            f[3] = (byte) 0x9D;
            f[4] = 0x01;
            f[5] = 0x2A;
        } else {
            f[0] = 0x31;
        }
        return f;
    }

    static byte[] vp9(boolean keyframe, int size, int seed) {
        byte[] f = filler(Math.max(size, 10), seed);
        if (keyframe) {
            byte[] header = {(byte) 0x82, 0x49, (byte) 0x83, 0x42, 0x20, 0x27, (byte) 0xF0, 0x16, 0x70};
            System.arraycopy(header, 0, f, 0, header.length);
        } else {
            f[0] = (byte) 0x86;
        }
        return f;
    }

    /** An IDR or P slice NAL unit whose first_mb_in_slice is 0. */
    static byte[] slice(boolean idr, int size, int seed) {
        byte[] nal = filler(Math.max(size, 3), seed);
        nal[0] = (byte) (idr ? 0x65 : 0x41);
        nal[1] = (byte) 0x88;
        nal[nal.length - 1] = (byte) 0x80;
        return nal;
    }

    static byte[] annexB(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    static byte[] avcc(byte[]... nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {(byte) (nal.length >>> 24), (byte) (nal.length >>> 16),
                    (byte) (nal.length >>> 8), (byte) nal.length});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    /** A temporal unit: delimiter, a sequence header on keyframes, then one frame OBU. */
    static byte[] av1(boolean keyframe, int size, int seed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x12, 0x00});
        if (keyframe) {
            out.writeBytes(obu(1, filler(11, seed)));
        }
        out.writeBytes(obu(6, filler(Math.max(size, 1), seed + 1)));
        return out.toByteArray();
    }

    static byte[] obu(int type, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type << 3 | 0x02);
        long v = payload.length;
        do {
            int group = (int) (v & 0x7F);
            v >>>= 7;
            out.write(v != 0 ? group | 0x80 : group);
        } while (v != 0);
        out.writeBytes(payload);
        return out.toByteArray();
    }
}
