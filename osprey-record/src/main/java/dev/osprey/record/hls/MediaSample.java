package dev.osprey.record.hls;

/**
 * One access unit of one track, ready for a segment: an H.264 access unit in Annex B form (start codes),
 * or one raw AAC frame (no ADTS header). Presentation and decoding times are the same (no B-frames).
 *
 * @param data     the sample's bytes, owned by the sample
 * @param time     its time in the track's timescale (90 kHz for video, the sample rate for audio)
 * @param duration how long it lasts, in the same timescale
 * @param sync     a keyframe (audio samples are all sync samples)
 */
public record MediaSample(byte[] data, long time, int duration, boolean sync) {
    public MediaSample {
        if (data == null || duration < 0) {
            throw new IllegalArgumentException("a sample needs data and a duration >= 0");
        }
    }
}
