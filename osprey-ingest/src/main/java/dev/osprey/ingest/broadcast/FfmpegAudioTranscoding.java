package dev.osprey.ingest.broadcast;

import dev.osprey.ingest.audio.AacToOpusTranscoder;
import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.media.format.MalformedAacException;

/** AAC to Opus with FFmpeg: one {@link AacToOpusTranscoder} (and its worker thread) per stream. */
public final class FfmpegAudioTranscoding implements AudioTranscoding {
    @Override
    public Transcoder open(byte[] audioSpecificConfig, OpusOut out) {
        AudioSpecificConfig config;
        try {
            config = AudioSpecificConfig.parse(audioSpecificConfig, 0, audioSpecificConfig.length);
        } catch (MalformedAacException e) {
            throw new IllegalArgumentException("bad AAC configuration: " + e.getMessage(), e);
        }
        AacToOpusTranscoder transcoder = AacToOpusTranscoder.start(config, out::opus);
        return new Transcoder() {
            @Override
            public void submit(byte[] frame, int off, int len, long timestamp, int clockRate) {
                transcoder.submit(frame, off, len, timestamp, clockRate);
            }

            @Override
            public void close() {
                transcoder.close();
            }
        };
    }
}
