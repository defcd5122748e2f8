package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.util.Arrays;

/**
 * Builds one PES packet at a time (ISO/IEC 13818-1 §2.4.3.6) in a buffer reused from packet to packet:
 * an H.264 access unit made self-contained for a transport stream, or an AAC frame behind an ADTS
 * header. Only a PTS is written, as presentation and decoding times are the same.
 */
final class PesBuilder implements AnnexB.NalVisitor {
    static final int VIDEO_STREAM_ID = 0xE0;
    static final int AUDIO_STREAM_ID = 0xC0;
    private static final int HEADER_SIZE = 14;
    private static final int ADTS_HEADER_SIZE = 7;
    private static final int MAX_ADTS_FRAME = 0x1FFF;
    private static final byte[] START_CODE = {0, 0, 0, 1};
    private static final byte[] ACCESS_UNIT_DELIMITER = {0, 0, 0, 1, 9, (byte) 0xF0}; // primary_pic_type 7: any slice

    private final byte[] sps;
    private final byte[] pps;
    private byte[] buffer = new byte[64 * 1024];
    private int size;

    // The access unit being walked: first what it holds, then (writing) its NAL units copied out.
    private byte[] source;
    private boolean writing;
    private boolean hasAud;
    private boolean hasSps;
    private boolean hasPps;
    private boolean hasIdr;
    private boolean hasNal;
    private boolean parametersDue;

    /** A builder inserting {@code video}'s parameter sets where a keyframe lacks them (null: audio only). */
    PesBuilder(H264Config video) {
        sps = video == null ? null : video.sps();
        pps = video == null ? null : video.pps();
    }

    /** The PES built last; valid until the next build. */
    byte[] buffer() {
        return buffer;
    }

    /**
     * The PES of one access unit: an AUD first when it has none and, for a keyframe that lacks them, the
     * configuration's SPS and PPS before its first slice. Returns its length, or 0 when the data holds
     * no NAL unit (no start code), which leaves nothing to write.
     */
    int video(MediaSample sample, long pts) {
        source = sample.data();
        hasAud = hasSps = hasPps = hasIdr = hasNal = false;
        writing = false;
        AnnexB.forEachNal(source, source.length, this);
        if (!hasNal) {
            source = null;
            return 0;
        }
        size = 0;
        writeHeader(VIDEO_STREAM_ID, 0, pts); // PES_packet_length 0: unbounded, allowed for video only
        if (!hasAud) {
            append(ACCESS_UNIT_DELIMITER, 0, ACCESS_UNIT_DELIMITER.length);
        }
        parametersDue = (sample.sync() || hasIdr) && !(hasSps && hasPps);
        writing = true;
        AnnexB.forEachNal(source, source.length, this);
        source = null;
        return size;
    }

    /** Whether the access unit last given to {@link #video} holds an IDR slice. */
    boolean hadIdrSlice() {
        return hasIdr;
    }

    /** The PES of one raw AAC frame behind its ADTS header (no CRC); returns its length. */
    int audio(MediaSample sample, AudioSpecificConfig aac, long pts) {
        byte[] frame = sample.data();
        int frameLength = ADTS_HEADER_SIZE + frame.length;
        if (frameLength > MAX_ADTS_FRAME) {
            throw new IllegalArgumentException("an AAC frame of " + frame.length + " bytes does not fit an ADTS header");
        }
        size = 0;
        writeHeader(AUDIO_STREAM_ID, HEADER_SIZE - 6 + frameLength, pts);
        ensure(frameLength);
        int p = size;
        int profile = aac.audioObjectType() - 1; // ADTS profile: object type minus one (1 = AAC-LC)
        int channels = aac.channelConfiguration();
        buffer[p] = (byte) 0xFF; // syncword
        buffer[p + 1] = (byte) 0xF1; // MPEG-4, layer 0, protection_absent
        buffer[p + 2] = (byte) ((profile & 3) << 6 | aac.frequencyIndex() << 2 | channels >> 2 & 1);
        buffer[p + 3] = (byte) ((channels & 3) << 6 | frameLength >> 11 & 3);
        buffer[p + 4] = (byte) (frameLength >> 3);
        buffer[p + 5] = (byte) ((frameLength & 7) << 5 | 0x1F); // buffer fullness 0x7FF: variable rate
        buffer[p + 6] = (byte) 0xFC; // and one raw data block
        size += ADTS_HEADER_SIZE;
        append(frame, 0, frame.length);
        return size;
    }

    @Override
    public void nal(int type, int offset, int length) {
        if (!writing) {
            hasNal = true;
            hasAud |= type == H264Payload.NAL_AUD;
            hasSps |= type == H264Payload.NAL_SPS;
            hasPps |= type == H264Payload.NAL_PPS;
            hasIdr |= type == H264Payload.NAL_IDR;
            return;
        }
        if (parametersDue && type >= 1 && type <= H264Payload.NAL_IDR) {
            parametersDue = false;
            if (!hasSps) {
                appendNal(sps);
            }
            if (!hasPps) {
                appendNal(pps);
            }
        }
        append(START_CODE, 0, START_CODE.length);
        append(source, offset, length);
    }

    private void appendNal(byte[] nal) {
        append(START_CODE, 0, START_CODE.length);
        append(nal, 0, nal.length);
    }

    /** packet_start_code_prefix to the PTS: 14 bytes. */
    private void writeHeader(int streamId, int packetLength, long pts) {
        ensure(HEADER_SIZE);
        byte[] b = buffer;
        b[0] = 0;
        b[1] = 0;
        b[2] = 1;
        b[3] = (byte) streamId;
        b[4] = (byte) (packetLength >> 8);
        b[5] = (byte) packetLength;
        b[6] = (byte) 0x84; // '10', data_alignment_indicator
        b[7] = (byte) 0x80; // PTS only
        b[8] = 5; // PES_header_data_length
        b[9] = (byte) (0x20 | pts >>> 29 & 0x0E | 1);
        b[10] = (byte) (pts >>> 22);
        b[11] = (byte) (pts >>> 14 & 0xFE | 1);
        b[12] = (byte) (pts >>> 7);
        b[13] = (byte) (pts << 1 & 0xFE | 1);
        size = HEADER_SIZE;
    }

    private void append(byte[] data, int offset, int length) {
        ensure(length);
        System.arraycopy(data, offset, buffer, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
        }
    }
}
