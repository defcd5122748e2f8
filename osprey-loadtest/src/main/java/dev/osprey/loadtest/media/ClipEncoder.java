package dev.osprey.loadtest.media;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes the test pattern once at start with FFmpeg through JavaCPP (libvpx, libopenh264, libopus
 * of bytedeco's LGPL build). Publishers then only loop the resulting frames.
 */
public final class ClipEncoder {

    /** Thrown when FFmpeg cannot be loaded or an encoder refuses to open or encode. */
    public static final class EncoderException extends Exception {
        public EncoderException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static final Map<String, String> VP8_OPTIONS = Map.of(
            "deadline", "realtime", "cpu-used", "16", "lag-in-frames", "0");
    private static final Map<String, String> H264_OPTIONS = Map.of(
            "profile", "constrained_baseline", "allow_skip_frames", "0", "rc_mode", "bitrate");

    private ClipEncoder() {
    }

    /** Encodes {@code seconds} of video and audio into a clip with a keyframe every second. */
    public static MediaClip encode(Codec codec, int width, int height, int fps, long bitrate, int seconds)
            throws EncoderException {
        try {
            av_log_set_level(AV_LOG_ERROR);
            List<EncodedFrame> video = encodeVideo(codec, width, height, fps, bitrate, seconds * fps);
            List<byte[]> audio = encodeOpus(seconds * 1000 / MediaClip.AUDIO_FRAME_MILLIS);
            return MediaClip.of(codec, width, height, fps, video, audio);
        } catch (UnsatisfiedLinkError | NoClassDefFoundError | ExceptionInInitializerError e) {
            throw new EncoderException("FFmpeg natives could not be loaded: " + e, e);
        }
    }

    static List<EncodedFrame> encodeVideo(Codec codec, int width, int height, int fps, long bitrate, int frames)
            throws EncoderException {
        return codec == Codec.VP8
                ? encodeVideo("libvpx", VP8_OPTIONS, width, height, fps, bitrate, frames)
                : encodeVideo("libopenh264", H264_OPTIONS, width, height, fps, bitrate, frames);
    }

    /**
     * Encodes {@code frames} frames of the test pattern with the FFmpeg encoder {@code name} (given its
     * private options), forcing a keyframe every second.
     */
    static List<EncodedFrame> encodeVideo(String name, Map<String, String> options, int width, int height, int fps,
                                          long bitrate, int frames) throws EncoderException {
        AVCodec encoder = avcodec_find_encoder_by_name(name);
        if (encoder == null) {
            throw new EncoderException("FFmpeg has no encoder " + name, null);
        }
        AVCodecContext ctx = avcodec_alloc_context3(encoder);
        AVDictionary opts = new AVDictionary(null);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        try {
            ctx.width(width).height(height).pix_fmt(AV_PIX_FMT_YUV420P);
            ctx.time_base(av_make_q(1, fps)).framerate(av_make_q(fps, 1));
            ctx.bit_rate(bitrate).rc_max_rate(bitrate).rc_min_rate(bitrate).rc_buffer_size((int) bitrate);
            ctx.gop_size(fps).keyint_min(fps).max_b_frames(0)
                    .thread_count(Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
            for (Map.Entry<String, String> option : options.entrySet()) {
                av_dict_set(opts, option.getKey(), option.getValue(), 0);
            }
            check(avcodec_open2(ctx, encoder, opts), "open " + name);
            frame.format(AV_PIX_FMT_YUV420P).width(width).height(height);
            check(av_frame_get_buffer(frame, 0), "allocate a frame");
            TestPattern pattern = new TestPattern(width, height);
            byte[] y = new byte[width * height];
            byte[] u = new byte[width * height / 4];
            byte[] v = new byte[width * height / 4];
            List<EncodedFrame> out = new ArrayList<>(frames);
            for (int n = 0; n < frames; n++) {
                pattern.draw(n, y, u, v);
                check(av_frame_make_writable(frame), "make the frame writable");
                copyPlane(frame.data(0), frame.linesize(0), y, width, height);
                copyPlane(frame.data(1), frame.linesize(1), u, width / 2, height / 2);
                copyPlane(frame.data(2), frame.linesize(2), v, width / 2, height / 2);
                frame.pts(n);
                // Force the GOP: a keyframe every second whatever the encoder's own decision.
                frame.pict_type(n % fps == 0 ? org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_I
                        : org.bytedeco.ffmpeg.global.avutil.AV_PICTURE_TYPE_NONE);
                check(avcodec_send_frame(ctx, frame), "encode a frame");
                drain(ctx, packet, out);
            }
            check(avcodec_send_frame(ctx, null), "flush");
            drain(ctx, packet, out);
            if (out.isEmpty() || !out.get(0).keyframe()) {
                throw new EncoderException(name + " produced no leading keyframe", null);
            }
            return out;
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            av_dict_free(opts);
            avcodec_free_context(ctx);
        }
    }

    static List<byte[]> encodeOpus(int frames) throws EncoderException {
        AVCodec encoder = avcodec_find_encoder_by_name("libopus");
        if (encoder == null) {
            throw new EncoderException("FFmpeg has no encoder libopus", null);
        }
        AVCodecContext ctx = avcodec_alloc_context3(encoder);
        AVFrame frame = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        try {
            ctx.sample_rate(48_000).sample_fmt(AV_SAMPLE_FMT_S16).bit_rate(64_000);
            av_channel_layout_default(ctx.ch_layout(), 2);
            ctx.time_base(av_make_q(1, 48_000));
            check(avcodec_open2(ctx, encoder, (AVDictionary) null), "open libopus");
            int samples = ctx.frame_size();
            if (samples != 960) {
                throw new EncoderException("libopus chose " + samples + " samples per frame, not 960", null);
            }
            frame.nb_samples(samples).format(AV_SAMPLE_FMT_S16).sample_rate(48_000);
            check(av_channel_layout_copy(frame.ch_layout(), ctx.ch_layout()), "set the channel layout");
            check(av_frame_get_buffer(frame, 0), "allocate an audio frame");
            List<EncodedFrame> out = new ArrayList<>(frames);
            for (int n = 0; n < frames; n++) {
                check(av_frame_make_writable(frame), "make the audio frame writable");
                short[] pcm = TestPattern.tone(n, samples);
                new ShortPointer(frame.data(0)).put(pcm, 0, pcm.length);
                frame.pts((long) n * samples);
                check(avcodec_send_frame(ctx, frame), "encode audio");
                drain(ctx, packet, out);
            }
            check(avcodec_send_frame(ctx, null), "flush audio");
            drain(ctx, packet, out);
            // The encoder's look-ahead adds one packet at the flush; a loop needs exactly the clip length.
            List<byte[]> packets = new ArrayList<>(frames);
            for (EncodedFrame f : out.subList(0, Math.min(frames, out.size()))) {
                packets.add(f.data());
            }
            return packets;
        } finally {
            av_packet_free(packet);
            av_frame_free(frame);
            avcodec_free_context(ctx);
        }
    }

    private static void copyPlane(BytePointer plane, int lineSize, byte[] src, int width, int height) {
        for (int row = 0; row < height; row++) {
            plane.position((long) row * lineSize).put(src, row * width, width);
        }
        plane.position(0);
    }

    private static void drain(AVCodecContext ctx, AVPacket packet, List<EncodedFrame> out) throws EncoderException {
        while (true) {
            int r = avcodec_receive_packet(ctx, packet);
            if (r < 0) {
                return; // EAGAIN (needs input) or EOF (flushed)
            }
            byte[] data = new byte[packet.size()];
            packet.data().get(data);
            out.add(new EncodedFrame(data, (packet.flags() & AV_PKT_FLAG_KEY) != 0));
            av_packet_unref(packet);
        }
    }

    private static void check(int result, String what) throws EncoderException {
        if (result < 0) {
            throw new EncoderException("FFmpeg could not " + what + " (error " + result + ")", null);
        }
    }
}
