package dev.osprey.ingest.ts;

/**
 * The fields of an ADTS header (ISO/IEC 13818-7 / 14496-3) that describe the audio, the same for
 * every frame of a stream unless the encoder changes its output.
 *
 * @param audioObjectType      the MPEG-4 audio object type (ADTS profile + 1; 2 = AAC-LC)
 * @param sampleRateIndex      sampling_frequency_index, 0–12
 * @param sampleRate           the sample rate in Hz that the index stands for
 * @param channelConfiguration channel_configuration (0 = defined in the stream, 1 = mono, 2 = stereo, ...)
 * @param hasCrc               whether the header carries a CRC, making it 9 bytes long instead of 7
 */
public record AdtsHeader(int audioObjectType, int sampleRateIndex, int sampleRate, int channelConfiguration,
        boolean hasCrc) {
    private static final int[] SAMPLE_RATES = {
        96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350
    };

    /** Samples per channel in one AAC frame. */
    public static final int SAMPLES_PER_FRAME = 1024;

    /** The header's length in bytes: 7, or 9 with a CRC. */
    public int headerLength() {
        return hasCrc ? 9 : 7;
    }

    /** The two-byte AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) that RTMP, MP4 and SDP want. */
    public byte[] audioSpecificConfig() {
        return new byte[] {
            (byte) ((audioObjectType << 3) | (sampleRateIndex >>> 1)),
            (byte) (((sampleRateIndex & 1) << 7) | (channelConfiguration << 3))
        };
    }

    /** The sample rate of a sampling_frequency_index, or 0 for the reserved indexes 13–15. */
    static int sampleRate(int index) {
        return index < SAMPLE_RATES.length ? SAMPLE_RATES[index] : 0;
    }
}
