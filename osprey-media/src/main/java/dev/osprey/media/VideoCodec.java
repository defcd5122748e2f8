package dev.osprey.media;

import dev.osprey.webrtc.rtp.codec.Av1Payload;
import dev.osprey.webrtc.rtp.codec.H264Payload;
import dev.osprey.webrtc.rtp.codec.H264Sps;
import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import dev.osprey.webrtc.rtp.codec.Vp9Payload;

import java.util.Locale;

/** Keyframe detection and picture size per video codec, on an RTP payload. */
enum VideoCodec {
    VP8, VP9, H264, AV1, OTHER;

    static VideoCodec of(String name) {
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "VP8" -> VP8;
            case "VP9" -> VP9;
            case "H264" -> H264;
            case "AV1", "AV1X" -> AV1;
            default -> OTHER;
        };
    }

    /** True when the payload starts a keyframe a decoder can join at. */
    boolean isKeyframe(byte[] buf, int off, int len) {
        return switch (this) {
            case VP8 -> Vp8Payload.isKeyframe(buf, off, len);
            case VP9 -> Vp9Payload.isKeyframe(buf, off, len);
            case H264 -> H264Payload.isKeyframe(buf, off, len);
            case AV1 -> Av1Payload.isKeyframe(buf, off, len);
            case OTHER -> false;
        };
    }

    /**
     * Reads width and height from a keyframe packet (VP8 keyframe header, H.264 SPS) into
     * {@code size[0..1]}; false when this packet does not carry them.
     */
    boolean pictureSize(byte[] buf, int off, int len, H264Sps sps, int[] size) {
        if (this == VP8) {
            int w = Vp8Payload.keyframeWidth(buf, off, len);
            int h = Vp8Payload.keyframeHeight(buf, off, len);
            if (w > 0 && h > 0) {
                size[0] = w;
                size[1] = h;
                return true;
            }
            return false;
        }
        if (this == H264) {
            int type = H264Payload.nalType(buf, off, len);
            if (type == H264Payload.NAL_SPS) {
                return fromSps(sps, buf, off, len, size);
            }
            if (type == H264Payload.STAP_A) {
                int i = off + 1;
                int end = off + len;
                while (i + 2 < end) {
                    int size16 = Bytes.u16(buf, i);
                    i += 2;
                    if (size16 == 0 || i + size16 > end) {
                        return false;
                    }
                    if ((buf[i] & 0x1F) == H264Payload.NAL_SPS) {
                        return fromSps(sps, buf, i, size16, size);
                    }
                    i += size16;
                }
            }
        }
        return false;
    }

    private static boolean fromSps(H264Sps sps, byte[] buf, int off, int len, int[] size) {
        if (!sps.parse(buf, off, len)) {
            return false;
        }
        size[0] = sps.width();
        size[1] = sps.height();
        return true;
    }
}
