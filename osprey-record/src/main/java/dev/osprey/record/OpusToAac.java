package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_drain;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_free;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_read;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_size;
import static org.bytedeco.ffmpeg.global.avutil.av_audio_fifo_write;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVAudioFifo;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Opus packets to AAC-LC for MP4 files: FFmpeg's Opus decoder, a sample FIFO that cuts the 20 ms
 * Opus frames into AAC's 1024 samples, and FFmpeg's native AAC encoder, all at 48 kHz stereo.
 * Timestamps are in samples (1/48000 s) from the start of the recording; a jump in them (lost audio)
 * stays a jump in the output. Packets come out already shifted by the encoder's priming delay, so they
 * never go below zero (the audio is late by those 1024 samples, about 21 ms). One thread; natives are
 * freed by {@link #close()}, also when the constructor fails.
 */
final class OpusToAac implements AutoCloseable {
    static final int SAMPLE_RATE = 48_000;
    private static final int CHANNELS = 2;
    private static final int BIT_RATE = 128_000;
    /** A jump of more than this between where the audio was and where a frame says it is counts as lost audio. */
    private static final int GAP_SAMPLES = SAMPLE_RATE / 100;

    /** Where the encoder's packets go. */
    interface PacketSink {
        /** A packet with pts and dts in samples; the sink may take its data (it is unreferenced afterwards). */
        void write(AVPacket packet);
    }

    private AVCodecContext decoder;
    private AVCodecContext encoder;
    private AVAudioFifo fifo;
    private AVFrame decoded;
    private AVFrame block;
    private AVPacket input;
    private AVPacket output;
    private int frameSize;
    private long padding;
    /** The time of the FIFO's first sample, in samples; -1 before the first frame. */
    private long fifoStart = -1;

    OpusToAac() {
        try {
            AVCodec opus = avcodec_find_decoder(AV_CODEC_ID_OPUS);
            AVCodec aac = avcodec_find_encoder_by_name("aac");
            if (opus == null || opus.isNull() || aac == null || aac.isNull()) {
                throw new RecordingException("this FFmpeg build lacks the opus decoder or the aac encoder");
            }
            decoder = avcodec_alloc_context3(opus);
            decoder.sample_rate(SAMPLE_RATE);
            av_channel_layout_default(decoder.ch_layout(), CHANNELS);
            decoder.request_sample_fmt(AV_SAMPLE_FMT_FLTP);
            Ffmpeg.check(avcodec_open2(decoder, opus, (AVDictionary) null), "avcodec_open2(opus)");

            encoder = avcodec_alloc_context3(aac);
            encoder.sample_rate(SAMPLE_RATE);
            av_channel_layout_default(encoder.ch_layout(), CHANNELS);
            encoder.sample_fmt(AV_SAMPLE_FMT_FLTP);
            encoder.bit_rate(BIT_RATE);
            encoder.time_base().num(1).den(SAMPLE_RATE);
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER); // MP4 wants the config in its header
            AVDictionary options = new AVDictionary(null);
            try {
                // the fast quantiser search: the default two-loop search costs a recording several times
                // more CPU on busy sound (measured in bench/RESULTS.md, "Recording CPU")
                av_dict_set(options, "aac_coder", "fast", 0);
                Ffmpeg.check(avcodec_open2(encoder, aac, options), "avcodec_open2(aac)");
            } finally {
                av_dict_free(options);
            }
            frameSize = encoder.frame_size();
            padding = encoder.initial_padding();

            fifo = av_audio_fifo_alloc(AV_SAMPLE_FMT_FLTP, CHANNELS, frameSize * 4);
            decoded = av_frame_alloc();
            block = av_frame_alloc();
            input = av_packet_alloc();
            output = av_packet_alloc();
            if (fifo == null || decoded == null || block == null || input == null || output == null) {
                throw new RecordingException("out of native memory for the AAC encoder");
            }
            block.format(AV_SAMPLE_FMT_FLTP).nb_samples(frameSize).sample_rate(SAMPLE_RATE);
            av_channel_layout_default(block.ch_layout(), CHANNELS);
            Ffmpeg.check(av_frame_get_buffer(block, 0), "av_frame_get_buffer");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The AAC stream's parameters, for the muxer's stream. */
    void describe(AVCodecParameters parameters) {
        Ffmpeg.check(avcodec_parameters_from_context(parameters, encoder), "avcodec_parameters_from_context");
    }

    /** Decodes one Opus packet that starts at {@code timeSamples} and writes every whole AAC frame it completes. */
    void write(byte[] data, int length, long timeSamples, PacketSink sink) {
        long end = fifoStart + av_audio_fifo_size(fifo);
        if (fifoStart < 0 || timeSamples - end > GAP_SAMPLES) {
            // the first frame, or audio was lost: what is buffered is too little to matter (under 1024 samples)
            av_audio_fifo_drain(fifo, av_audio_fifo_size(fifo));
            fifoStart = timeSamples;
        }
        av_packet_unref(input);
        Ffmpeg.check(av_new_packet(input, length), "av_new_packet");
        input.data().put(data, 0, length);
        int sent = avcodec_send_packet(decoder, input);
        av_packet_unref(input);
        if (sent < 0) {
            return; // a damaged packet: the decoder conceals it with the next one
        }
        while (true) {
            int result = avcodec_receive_frame(decoder, decoded);
            if (result == AVERROR_EAGAIN() || result == AVERROR_EOF) {
                break;
            }
            Ffmpeg.check(result, "avcodec_receive_frame(opus)");
            if (decoded.format() != AV_SAMPLE_FMT_FLTP || decoded.ch_layout().nb_channels() != CHANNELS) {
                av_frame_unref(decoded);
                throw new RecordingException("the opus decoder gave format " + decoded.format() + " with "
                        + decoded.ch_layout().nb_channels() + " channels");
            }
            int samples = decoded.nb_samples();
            int written = av_audio_fifo_write(fifo, decoded.extended_data(), samples);
            av_frame_unref(decoded);
            Ffmpeg.check(written, "av_audio_fifo_write");
        }
        while (av_audio_fifo_size(fifo) >= frameSize) {
            encodeBlock(frameSize, sink);
        }
    }

    /** Encodes what is left in the FIFO and drains the encoder. */
    void finish(PacketSink sink) {
        int left = av_audio_fifo_size(fifo);
        if (left > 0) {
            encodeBlock(left, sink);
        }
        Ffmpeg.check(avcodec_send_frame(encoder, null), "avcodec_send_frame(flush)");
        drain(sink);
    }

    private void encodeBlock(int samples, PacketSink sink) {
        Ffmpeg.check(av_frame_make_writable(block), "av_frame_make_writable");
        block.nb_samples(samples);
        Ffmpeg.check(av_audio_fifo_read(fifo, block.extended_data(), samples), "av_audio_fifo_read");
        block.pts(fifoStart);
        fifoStart += samples;
        Ffmpeg.check(avcodec_send_frame(encoder, block), "avcodec_send_frame(aac)");
        drain(sink);
    }

    private void drain(PacketSink sink) {
        while (true) {
            int result = avcodec_receive_packet(encoder, output);
            if (result == AVERROR_EAGAIN() || result == AVERROR_EOF) {
                return;
            }
            Ffmpeg.check(result, "avcodec_receive_packet(aac)");
            output.pts(output.pts() + padding).dts(output.dts() + padding);
            try {
                sink.write(output);
            } finally {
                av_packet_unref(output);
            }
        }
    }

    @Override
    public void close() {
        if (input != null) {
            av_packet_free(input);
            input = null;
        }
        if (output != null) {
            av_packet_free(output);
            output = null;
        }
        if (decoded != null) {
            av_frame_free(decoded);
            decoded = null;
        }
        if (block != null) {
            av_frame_free(block);
            block = null;
        }
        if (fifo != null) {
            av_audio_fifo_free(fifo);
            fifo = null;
        }
        if (decoder != null) {
            avcodec_free_context(decoder); // NULL is not allowed here
            decoder = null;
        }
        if (encoder != null) {
            avcodec_free_context(encoder);
            encoder = null;
        }
    }
}
