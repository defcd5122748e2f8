package dev.osprey.webrtc.rtp.codec;

/**
 * Reads the picture size from the uncompressed header of a raw VP9 keyframe (VP9 bitstream
 * specification §6.2: frame marker, profile, frame type, sync code, colour config, frame size).
 * Used to fill the scalability structure of a keyframe's first RTP payload. Reusable; not thread-safe.
 */
final class Vp9FrameSize {
    private byte[] buf;
    private int end;
    private long bitPos;

    /** {@code width << 16 | height} of a keyframe, or -1 when the frame is not a readable keyframe. */
    int ofKeyframe(byte[] frame, int off, int len) {
        this.buf = frame;
        this.end = off + len;
        this.bitPos = off * 8L;
        int size = read();
        this.buf = null;
        return size;
    }

    private int read() {
        if (bits(2) != 2) {
            return -1; // frame_marker
        }
        int profile = bits(1) | bits(1) << 1;
        if (profile == 3) {
            bits(1); // reserved_zero
        }
        if (bits(1) == 1 || bits(1) != 0) {
            return -1; // show_existing_frame, or frame_type not KEY_FRAME
        }
        bits(2); // show_frame, error_resilient_mode
        if (bits(24) != 0x498342) {
            return -1; // frame_sync_code
        }
        if (profile >= 2) {
            bits(1); // ten_or_twelve_bit
        }
        int colorSpace = bits(3);
        if (colorSpace != 7) { // not CS_RGB
            bits(1); // color_range
            if (profile == 1 || profile == 3) {
                bits(3); // subsampling_x, subsampling_y, reserved_zero
            }
        } else if (profile == 1 || profile == 3) {
            bits(1); // reserved_zero
        }
        int width = bits(16) + 1;
        int height = bits(16) + 1;
        return bitPos > end * 8L ? -1 : width << 16 | height;
    }

    private int bits(int n) {
        int v = 0;
        for (int i = 0; i < n; i++) {
            long byteIndex = bitPos >>> 3;
            int bit = byteIndex < end ? (buf[(int) byteIndex] >>> (7 - (int) (bitPos & 7))) & 1 : 0;
            bitPos++;
            v = v << 1 | bit;
        }
        return v;
    }
}
