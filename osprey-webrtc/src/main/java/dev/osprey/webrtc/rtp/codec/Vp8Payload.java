package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * VP8 payload descriptor (RFC 7741 §4.2):
 *
 * <pre>
 *  X|R|N|S|R|PID      X: I|L|T|K|RSV     I: M|PictureID(7 or 15)     L: TL0PICIDX     T/K: TID|Y|KEYIDX
 * </pre>
 *
 * followed by the VP8 payload, whose first partition starts with a frame tag whose lowest bit P
 * is 0 for keyframes (RFC 6386 §9.1).
 */
public final class Vp8Payload {
    private static final int PICTURE_ID = 0;
    private static final int TL0PICIDX = 1;
    private static final int TID = 2;
    private static final int PAYLOAD = 3;

    private Vp8Payload() {
    }

    /** Length of the payload descriptor, or -1 when it is truncated. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        return locate(buf, off, len, PAYLOAD);
    }

    /** True for the first packet of a frame: S set and partition index 0. */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & 0x17) == 0x10;
    }

    /** True when the packet starts a keyframe: start of partition 0 and frame-tag bit P = 0. */
    public static boolean isKeyframe(byte[] buf, int off, int len) {
        int d = descriptorLength(buf, off, len);
        return d >= 0 && d < len && isStartOfFrame(buf, off, len) && (buf[off + d] & 0x01) == 0;
    }

    /** Width in pixels from a keyframe's header, or -1 when this packet does not carry one. */
    public static int keyframeWidth(byte[] buf, int off, int len) {
        int at = keyframeHeader(buf, off, len);
        return at < 0 ? -1 : ((buf[at + 7] & 0x3F) << 8 | (buf[at + 6] & 0xFF));
    }

    /** Height in pixels from a keyframe's header, or -1 when this packet does not carry one. */
    public static int keyframeHeight(byte[] buf, int off, int len) {
        int at = keyframeHeader(buf, off, len);
        return at < 0 ? -1 : ((buf[at + 9] & 0x3F) << 8 | (buf[at + 8] & 0xFF));
    }

    private static int keyframeHeader(byte[] buf, int off, int len) {
        if (!isKeyframe(buf, off, len)) {
            return -1;
        }
        int at = off + descriptorLength(buf, off, len);
        // 3-byte frame tag, then the start code 9d 01 2a, then 14-bit little-endian width and height
        if (at + 10 > off + len || (buf[at + 3] & 0xFF) != 0x9D || buf[at + 4] != 0x01 || buf[at + 5] != 0x2A) {
            return -1;
        }
        return at;
    }

    /** The picture id (7 or 15 bits), or -1 when absent or truncated. */
    public static int pictureId(byte[] buf, int off, int len) {
        int at = locate(buf, off, len, PICTURE_ID);
        if (at < 0) {
            return -1;
        }
        int b = buf[off + at] & 0xFF;
        return (b & 0x80) != 0 ? (b & 0x7F) << 8 | (buf[off + at + 1] & 0xFF) : b;
    }

    /** True when the picture id uses the 15-bit form (M bit set). */
    public static boolean hasLongPictureId(byte[] buf, int off, int len) {
        int at = locate(buf, off, len, PICTURE_ID);
        return at >= 0 && (buf[off + at] & 0x80) != 0;
    }

    /** Rewrites the picture id in place, keeping its 7- or 15-bit width; false when absent. */
    public static boolean setPictureId(byte[] buf, int off, int len, int pictureId) {
        int at = locate(buf, off, len, PICTURE_ID);
        if (at < 0) {
            return false;
        }
        if ((buf[off + at] & 0x80) != 0) {
            Bytes.put16(buf, off + at, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buf[off + at] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    /** TL0PICIDX, or -1 when absent or truncated. */
    public static int tl0PicIdx(byte[] buf, int off, int len) {
        int at = locate(buf, off, len, TL0PICIDX);
        return at < 0 ? -1 : buf[off + at] & 0xFF;
    }

    /** Rewrites TL0PICIDX in place; false when absent. */
    public static boolean setTl0PicIdx(byte[] buf, int off, int len, int tl0PicIdx) {
        int at = locate(buf, off, len, TL0PICIDX);
        if (at < 0) {
            return false;
        }
        buf[off + at] = (byte) tl0PicIdx;
        return true;
    }

    /** Temporal layer id (TID, 0..3), or -1 when the T field is absent. */
    public static int temporalLayer(byte[] buf, int off, int len) {
        int at = locate(buf, off, len, TID);
        return at < 0 || (buf[off + 1] & 0x20) == 0 ? -1 : (buf[off + at] & 0xFF) >>> 6;
    }

    /**
     * Offset (relative to {@code off}) of the requested field, or of the payload for {@link #PAYLOAD};
     * -1 when the field is absent or the descriptor is truncated.
     */
    private static int locate(byte[] buf, int off, int len, int field) {
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return -1;
        }
        if ((buf[off] & 0x80) == 0) {
            return field == PAYLOAD ? 1 : -1;
        }
        if (len < 2) {
            return -1;
        }
        int ext = buf[off + 1] & 0xFF;
        int i = 2;
        int pictureId = -1;
        int tl0 = -1;
        int tid = -1;
        if ((ext & 0x80) != 0) {
            if (i >= len) {
                return -1;
            }
            pictureId = i;
            i += (buf[off + i] & 0x80) != 0 ? 2 : 1;
        }
        if ((ext & 0x40) != 0) {
            tl0 = i++;
        }
        if ((ext & 0x30) != 0) {
            tid = i++;
        }
        if (i > len) {
            return -1;
        }
        return switch (field) {
            case PICTURE_ID -> pictureId;
            case TL0PICIDX -> tl0;
            case TID -> tid;
            default -> i;
        };
    }
}
