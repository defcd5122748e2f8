package dev.osprey.media.format;

import java.util.Arrays;

/**
 * The MPEG-4 AudioSpecificConfig of an AAC stream (ISO/IEC 14496-3, 1.6.2.1): what RTMP's AAC
 * sequence header carries and what FFmpeg's decoder takes as extradata. Only the leading fields are
 * read; the bytes are kept whole so that extensions (SBR, PS, a program config element) reach the
 * decoder untouched. Immutable.
 */
public final class AudioSpecificConfig {
    /** Sampling frequencies by their 4-bit index; 13 and 14 are reserved, 15 means "explicit". */
    private static final int[] SAMPLE_RATES = {
            96_000, 88_200, 64_000, 48_000, 44_100, 32_000, 24_000, 22_050, 16_000, 12_000, 11_025, 8_000, 7_350};
    private static final int ESCAPE_OBJECT_TYPE = 31;
    private static final int EXPLICIT_FREQUENCY = 15;

    private final byte[] bytes;
    private final int audioObjectType;
    private final int sampleRate;
    private final int channelConfiguration;

    private AudioSpecificConfig(byte[] bytes, int audioObjectType, int sampleRate, int channelConfiguration) {
        this.bytes = bytes;
        this.audioObjectType = audioObjectType;
        this.sampleRate = sampleRate;
        this.channelConfiguration = channelConfiguration;
    }

    /** Reads a config as RTMP's AAC sequence header carries it (the bytes after the two FLV audio tag bytes). */
    public static AudioSpecificConfig parse(byte[] data, int offset, int length) throws MalformedAacException {
        if (offset < 0 || length < 0 || offset + length > data.length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + " in " + data.length);
        }
        byte[] copy = Arrays.copyOfRange(data, offset, offset + length);
        BitReader bits = new BitReader(copy);
        int objectType = bits.read(5, "audioObjectType");
        if (objectType == ESCAPE_OBJECT_TYPE) {
            objectType = 32 + bits.read(6, "audioObjectTypeExt");
        }
        if (objectType == 0) {
            throw new MalformedAacException("AudioSpecificConfig has audio object type 0 (null)");
        }
        int frequencyIndex = bits.read(4, "samplingFrequencyIndex");
        int sampleRate;
        if (frequencyIndex == EXPLICIT_FREQUENCY) {
            sampleRate = bits.read(24, "samplingFrequency");
        } else if (frequencyIndex < SAMPLE_RATES.length) {
            sampleRate = SAMPLE_RATES[frequencyIndex];
        } else {
            throw new MalformedAacException("AudioSpecificConfig has the reserved frequency index " + frequencyIndex);
        }
        if (sampleRate <= 0) {
            throw new MalformedAacException("AudioSpecificConfig has sample rate " + sampleRate);
        }
        int channels = bits.read(4, "channelConfiguration");
        return new AudioSpecificConfig(copy, objectType, sampleRate, channels);
    }

    /** The shortest config (two bytes, no extensions) for an object type, a frequency index and a channel configuration. */
    public static AudioSpecificConfig of(int audioObjectType, int samplingFrequencyIndex, int channelConfiguration) {
        if (audioObjectType < 1 || audioObjectType >= ESCAPE_OBJECT_TYPE) {
            throw new IllegalArgumentException("audio object type " + audioObjectType + " needs no escape: 1..30");
        }
        if (samplingFrequencyIndex < 0 || samplingFrequencyIndex >= SAMPLE_RATES.length) {
            throw new IllegalArgumentException("sampling frequency index " + samplingFrequencyIndex);
        }
        if (channelConfiguration < 0 || channelConfiguration > 15) {
            throw new IllegalArgumentException("channel configuration " + channelConfiguration);
        }
        // 5 bits object type, 4 bits frequency index, 4 bits channels, then GASpecificConfig's three zero flags.
        int word = audioObjectType << 11 | samplingFrequencyIndex << 7 | channelConfiguration << 3;
        byte[] bytes = {(byte) (word >>> 8), (byte) word};
        return new AudioSpecificConfig(bytes, audioObjectType, SAMPLE_RATES[samplingFrequencyIndex],
                channelConfiguration);
    }

    /** The sample rate for a 4-bit sampling frequency index, as ADTS and the config use them. */
    public static int sampleRateOfIndex(int index) throws MalformedAacException {
        if (index < 0 || index >= SAMPLE_RATES.length) {
            throw new MalformedAacException("reserved sampling frequency index " + index);
        }
        return SAMPLE_RATES[index];
    }

    /** AAC-LC (object type 2) at {@code sampleRate} with {@code channels}, as encoders write it. */
    public static AudioSpecificConfig lowComplexity(int sampleRate, int channels) {
        for (int index = 0; index < SAMPLE_RATES.length; index++) {
            if (SAMPLE_RATES[index] == sampleRate) {
                return of(2, index, channels);
            }
        }
        throw new IllegalArgumentException("no AAC sampling frequency index for " + sampleRate + " Hz");
    }

    /** The 4-bit index of {@link #sampleRate()} (ADTS headers carry it), or -1 when the rate is explicit. */
    public int frequencyIndex() {
        for (int index = 0; index < SAMPLE_RATES.length; index++) {
            if (SAMPLE_RATES[index] == sampleRate) {
                return index;
            }
        }
        return -1;
    }

    /** The RFC 6381 codec name for a playlist's CODECS attribute, e.g. {@code mp4a.40.2}. */
    public String codecString() {
        return "mp4a.40." + audioObjectType;
    }

    /** 2 for AAC LC, 5 for SBR (HE-AAC), 29 for PS (HE-AAC v2), ... */
    public int audioObjectType() {
        return audioObjectType;
    }

    /** The core sample rate as signalled; HE-AAC decodes to twice that when SBR is signalled implicitly. */
    public int sampleRate() {
        return sampleRate;
    }

    /** 1 mono, 2 stereo, ... 7 for 7.1; 0 when a program config element describes the channels. */
    public int channelConfiguration() {
        return channelConfiguration;
    }

    /** The config as bytes, for the decoder's extradata; a copy. */
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AudioSpecificConfig that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "AudioSpecificConfig[objectType=" + audioObjectType + ", sampleRate=" + sampleRate
                + ", channelConfiguration=" + channelConfiguration + ", " + bytes.length + " bytes]";
    }

    /** Reads big-endian bit fields, failing cleanly at the end of the data. */
    private static final class BitReader {
        private final byte[] data;
        private int bit;

        BitReader(byte[] data) {
            this.data = data;
        }

        int read(int count, String field) throws MalformedAacException {
            if (bit + count > data.length * 8) {
                throw new MalformedAacException("AudioSpecificConfig of " + data.length + " bytes ends before " + field);
            }
            int value = 0;
            for (int i = 0; i < count; i++, bit++) {
                value = value << 1 | (data[bit >>> 3] >>> (7 - (bit & 7))) & 1;
            }
            return value;
        }
    }
}
