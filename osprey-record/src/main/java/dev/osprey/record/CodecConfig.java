package dev.osprey.record;

import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.Av1Obu;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The codec configuration a muxer needs in its header, taken from the first keyframe: H.264's SPS and
 * PPS (Annex B, which FFmpeg's MP4 muxer turns into an {@code avcC} box), AV1's sequence header OBU,
 * and Opus's identification header (RFC 7845 §5.1), which the tap's frames never carry.
 */
final class CodecConfig {
    private CodecConfig() {
    }

    /**
     * The SPS and PPS units of an Annex B access unit, each after a 4-byte start code, or null when it
     * has neither.
     */
    static byte[] h264ParameterSets(byte[] data, int length) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean sps = false;
        boolean pps = false;
        for (int nal = AnnexB.nalStart(data, 0, length); nal >= 0; ) {
            int end = AnnexB.nalEnd(data, nal, length);
            int type = data[nal] & 0x1F;
            if (type == H264Payload.NAL_SPS || type == H264Payload.NAL_PPS) {
                out.write(0);
                out.write(0);
                out.write(0);
                out.write(1);
                out.write(data, nal, end - nal);
                sps |= type == H264Payload.NAL_SPS;
                pps |= type == H264Payload.NAL_PPS;
            }
            nal = AnnexB.nalStart(data, end, length);
        }
        return sps && pps ? out.toByteArray() : null;
    }

    /** The sequence header OBU of an AV1 temporal unit (low-overhead format), or null when it has none. */
    static byte[] av1SequenceHeader(byte[] data, int length) {
        for (int at = 0; at < length; ) {
            int end = Av1Obu.end(data, at, length);
            if (end < 0) {
                return null;
            }
            if (Av1Obu.type(data[at] & 0xFF) == Av1Obu.SEQUENCE_HEADER) {
                return Arrays.copyOfRange(data, at, end);
            }
            at = end;
        }
        return null;
    }

    /**
     * Opus's identification header: version 1, {@code channels}, no pre-skip (WebRTC streams have none
     * to skip), 48 kHz, no gain, channel mapping family 0.
     */
    static byte[] opusHead(int channels) {
        return new byte[] {'O', 'p', 'u', 's', 'H', 'e', 'a', 'd', 1, (byte) channels, 0, 0,
                (byte) 0x80, (byte) 0xBB, 0, 0, 0, 0, 0};
    }
}
