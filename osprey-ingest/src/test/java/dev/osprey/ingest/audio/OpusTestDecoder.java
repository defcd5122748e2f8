package dev.osprey.ingest.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

/** Decodes Opus packets with FFmpeg's opus decoder to the first channel's samples at 48 kHz, for the tests. */
final class OpusTestDecoder {
    private OpusTestDecoder() {
    }

    /** The decoded first channel, and how many channels the decoder found. */
    record Decoded(float[] firstChannel, int channels) {
    }

    static Decoded decode(List<byte[]> packets, int channels) {
        AVCodecContext decoder = avcodec_alloc_context3(avcodec_find_decoder(AV_CODEC_ID_OPUS));
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            decoder.sample_rate(48_000);
            av_channel_layout_default(decoder.ch_layout(), channels);
            if (avcodec_open2(decoder, decoder.codec(), (AVDictionary) null) < 0) {
                throw new IllegalStateException("cannot open the opus decoder");
            }
            float[] out = new float[packets.size() * 960 + 960];
            int written = 0;
            int decodedChannels = 0;
            for (byte[] data : packets) {
                if (av_new_packet(packet, data.length) < 0) {
                    throw new IllegalStateException("out of memory");
                }
                packet.data().put(data, 0, data.length);
                int sent = avcodec_send_packet(decoder, packet);
                av_packet_unref(packet);
                if (sent < 0) {
                    throw new IllegalStateException("the opus decoder refused a packet: " + sent);
                }
                while (avcodec_receive_frame(decoder, frame) >= 0) {
                    int samples = frame.nb_samples();
                    decodedChannels = frame.ch_layout().nb_channels();
                    FloatPointer data0 = new FloatPointer(frame.data(0));
                    if (out.length < written + samples) {
                        out = java.util.Arrays.copyOf(out, (written + samples) * 2);
                    }
                    if (frame.format() == AV_SAMPLE_FMT_FLTP) {
                        data0.get(out, written, samples);
                    } else if (frame.format() == AV_SAMPLE_FMT_FLT) {
                        for (int i = 0; i < samples; i++) {
                            out[written + i] = data0.get((long) i * decodedChannels);
                        }
                    } else {
                        throw new IllegalStateException("unexpected sample format " + frame.format());
                    }
                    written += samples;
                    av_frame_unref(frame);
                }
            }
            return new Decoded(java.util.Arrays.copyOf(out, written), decodedChannels);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(decoder);
        }
    }

    /** The power of {@code samples} at {@code frequency} (Goertzel), normalised by the length. */
    static double power(float[] samples, int from, int to, double frequency, int sampleRate) {
        double coefficient = 2 * Math.cos(2 * Math.PI * frequency / sampleRate);
        double previous = 0;
        double beforePrevious = 0;
        for (int i = from; i < to; i++) {
            double current = samples[i] + coefficient * previous - beforePrevious;
            beforePrevious = previous;
            previous = current;
        }
        double power = previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious;
        return power / ((double) (to - from) * (to - from));
    }

    static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i] * samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }
}
