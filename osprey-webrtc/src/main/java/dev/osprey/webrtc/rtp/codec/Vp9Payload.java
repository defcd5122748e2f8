package dev.osprey.webrtc.rtp.codec;

import dev.osprey.webrtc.rtp.Bytes;

/**
 * VP9 payload descriptor (RFC 9628 §4.2):
 *
 * <pre>
 *  I|P|L|F|B|E|V|Z
 *  I: M|PictureID(7 or 15)
 *  L: TID(3)|U|SID(3)|D, then TL0PICIDX when F = 0 (non-flexible mode)
 *  F and P: up to 3 × P_DIFF(7)|N
 *  V: scalability structure (N_S|Y|G, Y: N_S+1 × width(16) height(16), G: N_G then N_G × TID|U|R|-- + R × P_DIFF)
 * </pre>
 *
 * A packet starts a keyframe when B (start of a layer frame) is set, P (inter-picture predicted)
 * is clear and it belongs to the base spatial layer (SID 0, or no layer indices).
 */
public final class Vp9Payload {
    private static final int I = 0x80;
    private static final int P = 0x40;
    private static final int L = 0x20;
    private static final int F = 0x10;
    private static final int B = 0x08;
    private static final int E = 0x04;
    private static final int V = 0x02;

    private Vp9Payload() {
    }

    /** Length of the payload descriptor including any scalability structure, or -1 when truncated. */
    public static int descriptorLength(byte[] buf, int off, int len) {
        if (!Bytes.inBounds(buf, off, len) || len < 1) {
            return -1;
        }
        int b0 = buf[off] & 0xFF;
        int i = 1;
        if ((b0 & I) != 0) {
            if (i >= len) {
                return -1;
            }
            i += (buf[off + i] & 0x80) != 0 ? 2 : 1;
        }
        if ((b0 & L) != 0) {
            i += (b0 & F) == 0 ? 2 : 1;
        }
        if ((b0 & F) != 0 && (b0 & P) != 0) {
            for (int diffs = 0; ; diffs++) {
                if (i >= len || diffs == 3) {
                    return -1;
                }
                boolean more = (buf[off + i++] & 0x01) != 0;
                if (!more) {
                    break;
                }
            }
        }
        if ((b0 & V) != 0) {
            i = scalabilityStructureEnd(buf, off, len, i);
        }
        return i >= 0 && i <= len ? i : -1;
    }

    private static int scalabilityStructureEnd(byte[] buf, int off, int len, int i) {
        if (i >= len) {
            return -1;
        }
        int ss = buf[off + i++] & 0xFF;
        int spatialLayers = (ss >>> 5) + 1;
        if ((ss & 0x10) != 0) {
            i += 4 * spatialLayers;
        }
        if ((ss & 0x08) != 0) {
            if (i >= len) {
                return -1;
            }
            int pictures = buf[off + i++] & 0xFF;
            for (int g = 0; g < pictures; g++) {
                if (i >= len) {
                    return -1;
                }
                int references = (buf[off + i] & 0x0C) >>> 2;
                i += 1 + references;
            }
        }
        return i;
    }

    public static boolean isKeyframe(byte[] buf, int off, int len) {
        if (descriptorLength(buf, off, len) < 0) {
            return false;
        }
        int b0 = buf[off] & 0xFF;
        return (b0 & B) != 0 && (b0 & P) == 0 && ((b0 & L) == 0 || spatialLayer(buf, off, len) == 0);
    }

    /** B bit: first packet of a layer frame. */
    public static boolean isStartOfFrame(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & B) != 0;
    }

    /** E bit: last packet of a layer frame. */
    public static boolean isEndOfFrame(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & E) != 0;
    }

    public static boolean hasScalabilityStructure(byte[] buf, int off, int len) {
        return Bytes.inBounds(buf, off, len) && len >= 1 && (buf[off] & V) != 0;
    }

    /** The picture id (7 or 15 bits), or -1 when absent or truncated. */
    public static int pictureId(byte[] buf, int off, int len) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & I) == 0) {
            return -1;
        }
        int b = buf[off + 1] & 0xFF;
        return (b & 0x80) != 0 ? (b & 0x7F) << 8 | (buf[off + 2] & 0xFF) : b;
    }

    /** Rewrites the picture id in place, keeping its 7- or 15-bit width; false when absent. */
    public static boolean setPictureId(byte[] buf, int off, int len, int pictureId) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & I) == 0) {
            return false;
        }
        if ((buf[off + 1] & 0x80) != 0) {
            Bytes.put16(buf, off + 1, 0x8000 | (pictureId & 0x7FFF));
        } else {
            buf[off + 1] = (byte) (pictureId & 0x7F);
        }
        return true;
    }

    /** Spatial layer id (SID), or -1 without layer indices. */
    public static int spatialLayer(byte[] buf, int off, int len) {
        int at = layerIndexOffset(buf, off, len);
        return at < 0 ? -1 : (buf[off + at] >>> 1) & 0x07;
    }

    /** Temporal layer id (TID), or -1 without layer indices. */
    public static int temporalLayer(byte[] buf, int off, int len) {
        int at = layerIndexOffset(buf, off, len);
        return at < 0 ? -1 : (buf[off + at] & 0xFF) >>> 5;
    }

    /** TL0PICIDX (non-flexible mode only), or -1 when absent. */
    public static int tl0PicIdx(byte[] buf, int off, int len) {
        int at = layerIndexOffset(buf, off, len);
        return at < 0 || (buf[off] & F) != 0 ? -1 : buf[off + at + 1] & 0xFF;
    }

    /** Rewrites TL0PICIDX in place; false when absent. */
    public static boolean setTl0PicIdx(byte[] buf, int off, int len, int tl0PicIdx) {
        int at = layerIndexOffset(buf, off, len);
        if (at < 0 || (buf[off] & F) != 0) {
            return false;
        }
        buf[off + at + 1] = (byte) tl0PicIdx;
        return true;
    }

    private static int layerIndexOffset(byte[] buf, int off, int len) {
        if (descriptorLength(buf, off, len) < 0 || (buf[off] & L) == 0) {
            return -1;
        }
        if ((buf[off] & I) == 0) {
            return 1;
        }
        return (buf[off + 1] & 0x80) != 0 ? 3 : 2;
    }
}
