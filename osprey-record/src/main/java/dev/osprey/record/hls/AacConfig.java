package dev.osprey.record.hls;

import java.util.Arrays;

/**
 * An AAC track's configuration: its AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1), which fMP4 puts in
 * the {@code esds} box and MPEG-TS repeats in every ADTS header.
 *
 * @param audioSpecificConfig the encoder's extradata (two bytes for AAC-LC)
 * @param sampleRate          samples per second, also the track's timescale
 * @param channels            1 or 2
 */
public record AacConfig(byte[] audioSpecificConfig, int sampleRate, int channels) {
    /** The sampling frequency indexes of ISO/IEC 14496-3 Table 1.18. */
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350};

    public AacConfig {
        if (audioSpecificConfig == null || audioSpecificConfig.length < 2 || channels < 1 || channels > 2
                || frequencyIndex(sampleRate) < 0) {
            throw new IllegalArgumentException("unsupported AAC configuration: " + sampleRate + " Hz, " + channels + " ch");
        }
        audioSpecificConfig = audioSpecificConfig.clone();
    }

    /** AAC-LC (audio object type 2) at {@code sampleRate} with {@code channels}. */
    public static AacConfig lowComplexity(int sampleRate, int channels) {
        int index = frequencyIndex(sampleRate);
        if (index < 0) {
            throw new IllegalArgumentException("no AAC sampling frequency index for " + sampleRate + " Hz");
        }
        byte[] asc = {(byte) (2 << 3 | index >> 1), (byte) ((index & 1) << 7 | channels << 3)};
        return new AacConfig(asc, sampleRate, channels);
    }

    /** The audio object type (2 = AAC-LC). */
    public int objectType() {
        return (audioSpecificConfig[0] & 0xFF) >> 3;
    }

    /** The sampling frequency index of {@link #sampleRate()}. */
    public int frequencyIndex() {
        return frequencyIndex(sampleRate);
    }

    /** The RFC 6381 codec name for a playlist's CODECS attribute, e.g. {@code mp4a.40.2}. */
    public String codecString() {
        return "mp4a.40." + objectType();
    }

    @Override
    public byte[] audioSpecificConfig() {
        return audioSpecificConfig.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AacConfig other && Arrays.equals(audioSpecificConfig, other.audioSpecificConfig)
                && sampleRate == other.sampleRate && channels == other.channels;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(audioSpecificConfig) * 31 + sampleRate * 7 + channels;
    }

    @Override
    public String toString() {
        return "AacConfig[" + codecString() + ", " + sampleRate + " Hz, " + channels + " ch]";
    }

    private static int frequencyIndex(int sampleRate) {
        for (int i = 0; i < RATES.length; i++) {
            if (RATES[i] == sampleRate) {
                return i;
            }
        }
        return -1;
    }
}
