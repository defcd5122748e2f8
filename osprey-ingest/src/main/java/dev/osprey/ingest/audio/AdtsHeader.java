package dev.osprey.ingest.audio;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.media.format.MalformedAacException;

/**
 * The header of one ADTS frame (ISO/IEC 13818-7, 6.2), the framing MPEG-TS uses for AAC: 7 bytes, or
 * 9 when a CRC follows. It gives the frame's length, so a stream of ADTS frames can be split, and the
 * fields an {@link AudioSpecificConfig} needs. The one parser of ADTS headers: the MPEG-TS demuxer
 * splits its AAC with it too.
 *
 * @param audioObjectType      the MPEG-4 object type: the header's profile plus one (2 = AAC LC)
 * @param samplingFrequencyIndex the 4-bit index of the sample rate
 * @param channelConfiguration 1 mono, 2 stereo, ... (0, "described in the stream", is refused)
 * @param frameLength          the whole frame in bytes, header included
 * @param headerLength         7, or 9 with a CRC
 * @param rawDataBlocks        AAC frames in this ADTS frame (1 almost always)
 */
public record AdtsHeader(int audioObjectType, int samplingFrequencyIndex, int channelConfiguration,
                         int frameLength, int headerLength, int rawDataBlocks) {
    /** The length without a CRC; the shortest a header can be. */
    public static final int MIN_LENGTH = 7;
    private static final int CRC_LENGTH = 2;
    /** The length with a CRC; the longest a header can be. */
    public static final int MAX_LENGTH = MIN_LENGTH + CRC_LENGTH;

    /**
     * Whether the 12-bit sync word and layer 0 are in the two bytes at {@code offset}:
     * a test without allocation, to scan damaged input for the next place worth a {@link #parse}.
     */
    public static boolean syncWordAt(byte[] data, int offset) {
        return data[offset] == (byte) 0xff && (data[offset + 1] & 0xf6) == 0xf0;
    }

    /**
     * Reads the header at {@code offset}. The frame's payload need not be there yet: check
     * {@link #frameLength()} against what is available.
     */
    public static AdtsHeader parse(byte[] data, int offset, int length) throws MalformedAacException {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " in " + data.length);
        }
        if (length < MIN_LENGTH) {
            throw new MalformedAacException("ADTS header needs 7 bytes, got " + length);
        }
        int b0 = data[offset] & 0xff;
        int b1 = data[offset + 1] & 0xff;
        int b2 = data[offset + 2] & 0xff;
        int b3 = data[offset + 3] & 0xff;
        int b4 = data[offset + 4] & 0xff;
        int b5 = data[offset + 5] & 0xff;
        int b6 = data[offset + 6] & 0xff;
        if (b0 != 0xff || (b1 & 0xf0) != 0xf0) {
            throw new MalformedAacException(String.format("no ADTS sync word: %02x %02x", b0, b1));
        }
        if ((b1 & 0x06) != 0) {
            throw new MalformedAacException("ADTS layer " + ((b1 >>> 1) & 3) + ", must be 0");
        }
        boolean crc = (b1 & 0x01) == 0; // protection_absent = 0
        int headerLength = crc ? MAX_LENGTH : MIN_LENGTH;
        int objectType = (b2 >>> 6) + 1;
        int frequencyIndex = (b2 >>> 2) & 0x0f;
        AudioSpecificConfig.sampleRateOfIndex(frequencyIndex); // refuses the reserved indexes
        int channels = (b2 & 0x01) << 2 | b3 >>> 6;
        if (channels == 0) {
            throw new MalformedAacException("ADTS channel configuration 0 (a program config element) is not supported");
        }
        int frameLength = (b3 & 0x03) << 11 | b4 << 3 | b5 >>> 5;
        if (frameLength < headerLength) {
            throw new MalformedAacException("ADTS frame length " + frameLength + " is shorter than its "
                    + headerLength + "-byte header");
        }
        if (crc && length < headerLength) {
            throw new MalformedAacException("ADTS header with CRC needs 9 bytes, got " + length);
        }
        int rawDataBlocks = (b6 & 0x03) + 1;
        return new AdtsHeader(objectType, frequencyIndex, channels, frameLength, headerLength, rawDataBlocks);
    }

    /** The sample rate in Hz. */
    public int sampleRate() {
        try {
            return AudioSpecificConfig.sampleRateOfIndex(samplingFrequencyIndex);
        } catch (MalformedAacException e) {
            throw new IllegalStateException(e.getMessage(), e); // parse() refused it already
        }
    }

    /** The bytes of AAC payload after the header (the raw access unit when {@link #rawDataBlocks()} is 1). */
    public int payloadLength() {
        return frameLength - headerLength;
    }

    /** The equivalent AudioSpecificConfig, for a decoder fed with the raw payloads. */
    public AudioSpecificConfig audioSpecificConfig() {
        return AudioSpecificConfig.of(audioObjectType, samplingFrequencyIndex, channelConfiguration);
    }
}
