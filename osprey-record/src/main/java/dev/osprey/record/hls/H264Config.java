package dev.osprey.record.hls;

import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import dev.osprey.webrtc.rtp.codec.H264Sps;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An H.264 track's configuration: its sequence and picture parameter sets (NAL units without start
 * codes) and the picture size they describe. fMP4 puts them in the {@code avcC} box; a change of them
 * mid-stream means a new initialisation segment.
 */
public record H264Config(byte[] sps, byte[] pps, int width, int height) {
    public H264Config {
        if (sps == null || sps.length < 4 || pps == null || pps.length < 1 || width <= 0 || height <= 0) {
            throw new IllegalArgumentException("an H.264 configuration needs an SPS, a PPS and a picture size");
        }
        sps = sps.clone();
        pps = pps.clone();
    }

    /**
     * The configuration carried by an Annex B access unit (a keyframe usually repeats its SPS and PPS),
     * or null when it has no SPS and PPS or the SPS cannot be read. The first of each is used.
     */
    public static H264Config of(byte[] accessUnit, int length) {
        byte[] sps = null;
        byte[] pps = null;
        for (int nal = AnnexB.nalStart(accessUnit, 0, length); nal >= 0 && (sps == null || pps == null); ) {
            int end = AnnexB.nalEnd(accessUnit, nal, length);
            int type = accessUnit[nal] & 0x1F;
            if (type == H264Payload.NAL_SPS && sps == null) {
                sps = Arrays.copyOfRange(accessUnit, nal, end);
            } else if (type == H264Payload.NAL_PPS && pps == null) {
                pps = Arrays.copyOfRange(accessUnit, nal, end);
            }
            nal = AnnexB.nalStart(accessUnit, end, length);
        }
        H264Sps parsed = new H264Sps();
        if (sps == null || pps == null || !parsed.parse(sps, 0, sps.length) || parsed.width() <= 0 || parsed.height() <= 0) {
            return null;
        }
        return new H264Config(sps, pps, parsed.width(), parsed.height());
    }

    /** profile_idc, the SPS's second byte. */
    public int profile() {
        return sps[1] & 0xFF;
    }

    /** The constraint flags byte, the SPS's third byte. */
    public int compatibility() {
        return sps[2] & 0xFF;
    }

    /** level_idc, the SPS's fourth byte. */
    public int level() {
        return sps[3] & 0xFF;
    }

    /** The RFC 6381 codec name for a playlist's CODECS attribute, e.g. {@code avc1.42e01f}. */
    public String codecString() {
        return "avc1." + HexFormat.of().toHexDigits((byte) profile()) + HexFormat.of().toHexDigits((byte) compatibility())
                + HexFormat.of().toHexDigits((byte) level());
    }

    @Override
    public byte[] sps() {
        return sps.clone();
    }

    @Override
    public byte[] pps() {
        return pps.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof H264Config other && Arrays.equals(sps, other.sps) && Arrays.equals(pps, other.pps);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(sps) * 31 + Arrays.hashCode(pps);
    }

    @Override
    public String toString() {
        return "H264Config[" + codecString() + ", " + width + "x" + height + "]";
    }
}
