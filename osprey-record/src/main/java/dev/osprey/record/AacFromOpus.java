package dev.osprey.record;

import dev.osprey.media.format.AudioSpecificConfig;
import org.bytedeco.ffmpeg.avcodec.AVPacket;

/**
 * Opus packets in, raw AAC-LC frames out (48 kHz stereo, 1024 samples each), for outputs that write
 * their own containers (HLS). A thin face over the recorder's transcoder; same threading: one thread,
 * natives freed by {@link #close()}.
 */
public final class AacFromOpus implements AutoCloseable {
    public static final int SAMPLE_RATE = OpusToAac.SAMPLE_RATE;
    private static final int FRAME_SAMPLES = 1024;

    /** Hears one AAC frame: its bytes (owned by the sink), its time and duration in samples. */
    public interface FrameSink {
        void frame(byte[] aac, long timeSamples, int durationSamples);
    }

    private final OpusToAac transcoder = new OpusToAac();

    /** The configuration of the frames this produces. */
    public AudioSpecificConfig config() {
        return AudioSpecificConfig.lowComplexity(SAMPLE_RATE, 2);
    }

    /** Decodes one Opus packet taken at {@code timeSamples} and hands on every AAC frame it completes. */
    public void write(byte[] opus, int length, long timeSamples, FrameSink sink) {
        transcoder.write(opus, length, timeSamples, packet -> deliver(packet, sink));
    }

    /** Encodes what is buffered and drains the encoder (at the end of the stream). */
    public void finish(FrameSink sink) {
        transcoder.finish(packet -> deliver(packet, sink));
    }

    private static void deliver(AVPacket packet, FrameSink sink) {
        byte[] frame = new byte[packet.size()];
        packet.data().get(frame);
        long duration = packet.duration();
        sink.frame(frame, packet.pts(), duration > 0 && duration <= Integer.MAX_VALUE ? (int) duration : FRAME_SAMPLES);
    }

    @Override
    public void close() {
        transcoder.close();
    }
}
