package dev.osprey.ingest.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import dev.osprey.media.format.AudioSpecificConfig;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/**
 * A real AAC LC stream for the tests: a sine encoded with FFmpeg's own aac encoder, as raw access
 * units with the AudioSpecificConfig the encoder wrote (what an RTMP encoder would send).
 */
record AacTestStream(AudioSpecificConfig config, int sampleRate, List<byte[]> accessUnits) {
    static final int SAMPLES_PER_UNIT = 1024;

    /** Encodes {@code seconds} of a sine at {@code frequency} Hz, amplitude 0.5, on every channel. */
    static AacTestStream sine(int frequency, int sampleRate, int channels, double seconds) throws Exception {
        AVCodec aac = avcodec_find_encoder_by_name("aac");
        AVCodecContext encoder = avcodec_alloc_context3(aac);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        try {
            encoder.sample_rate(sampleRate).sample_fmt(AV_SAMPLE_FMT_FLTP).bit_rate(64_000L * channels);
            encoder.time_base(av_make_q(1, sampleRate));
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
            av_channel_layout_default(encoder.ch_layout(), channels);
            check(avcodec_open2(encoder, aac, (AVDictionary) null), "open the aac encoder");
            byte[] extradata = new byte[encoder.extradata_size()];
            encoder.extradata().get(extradata);
            AudioSpecificConfig config = AudioSpecificConfig.parse(extradata, 0, extradata.length);

            int perFrame = encoder.frame_size();
            frame.nb_samples(perFrame).format(AV_SAMPLE_FMT_FLTP).sample_rate(sampleRate);
            check(av_channel_layout_copy(frame.ch_layout(), encoder.ch_layout()), "copy the layout");
            check(av_frame_get_buffer(frame, 0), "allocate a frame");
            float[] samples = new float[perFrame];
            List<byte[]> units = new ArrayList<>();
            long total = Math.round(seconds * sampleRate);
            for (long start = 0; start < total; start += perFrame) {
                check(av_frame_make_writable(frame), "make the frame writable");
                for (int i = 0; i < perFrame; i++) {
                    samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * frequency * (start + i) / sampleRate));
                }
                for (int c = 0; c < channels; c++) {
                    new FloatPointer(frame.data(c)).put(samples, 0, perFrame);
                }
                frame.pts(start);
                check(avcodec_send_frame(encoder, frame), "encode");
                drain(encoder, packet, units);
            }
            check(avcodec_send_frame(encoder, null), "flush");
            drain(encoder, packet, units);
            return new AacTestStream(config, sampleRate, units);
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(encoder);
        }
    }

    /** RTMP's millisecond timestamp of access unit {@code index}, counted from {@code startMillis}. */
    long millis(int index, long startMillis) {
        return startMillis + Math.round(index * (double) SAMPLES_PER_UNIT * 1000 / sampleRate);
    }

    /** The stream's duration in seconds. */
    double seconds() {
        return accessUnits.size() * (double) SAMPLES_PER_UNIT / sampleRate;
    }

    private static void drain(AVCodecContext encoder, AVPacket packet, List<byte[]> units) {
        while (avcodec_receive_packet(encoder, packet) >= 0) {
            byte[] unit = new byte[packet.size()];
            packet.data().get(unit);
            units.add(unit);
            av_packet_unref(packet);
        }
    }

    private static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg could not " + what + " (" + result + ")");
        }
    }
}
