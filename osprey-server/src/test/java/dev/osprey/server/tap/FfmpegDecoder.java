package dev.osprey.server.tap;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
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
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.setLogCallback;

import java.util.Locale;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.javacpp.BytePointer;

/**
 * Decodes the frames a tap assembled, one codec per instance, with FFmpeg (bytedeco) on the caller's
 * thread, and counts what went wrong: packets the decoder refused, frames it flagged as damaged, and
 * the errors it logged (FFmpeg conceals many errors and only says so in its log). Not thread-safe.
 */
final class FfmpegDecoder implements AutoCloseable {
    private static final int AV_FRAME_FLAG_CORRUPT = 1;
    /** The decoder at work on this thread: FFmpeg's log callback charges its errors to it. */
    private static final ThreadLocal<FfmpegDecoder> DECODING = new ThreadLocal<>();
    private static LogCallback logCallback;

    private final String codec;
    private final AVCodecContext context;
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private long framesDecoded;
    private long errors;
    private String lastError = "";
    private int width;
    private int height;

    FfmpegDecoder(String codecName) {
        installLogCallback();
        this.codec = codecName;
        AVCodec decoder = avcodec_find_decoder(codecId(codecName));
        if (decoder == null) {
            throw new IllegalArgumentException("FFmpeg has no decoder for " + codecName);
        }
        context = avcodec_alloc_context3(decoder);
        context.thread_count(1); // logs then come from this thread, so they can be told apart
        if (codecName.equalsIgnoreCase("opus")) {
            context.sample_rate(48_000);
            av_channel_layout_default(context.ch_layout(), 2);
        }
        if (avcodec_open2(context, decoder, (org.bytedeco.ffmpeg.avutil.AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open the " + codecName + " decoder");
        }
    }

    private static int codecId(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "vp8" -> AV_CODEC_ID_VP8;
            case "vp9" -> AV_CODEC_ID_VP9;
            case "h264" -> AV_CODEC_ID_H264;
            case "av1" -> AV_CODEC_ID_AV1;
            case "opus" -> AV_CODEC_ID_OPUS;
            default -> throw new IllegalArgumentException("no decoder for " + name);
        };
    }

    private static synchronized void installLogCallback() {
        if (logCallback != null) {
            return;
        }
        av_log_set_level(AV_LOG_ERROR);
        logCallback = new LogCallback() {
            @Override
            public void call(int level, BytePointer message) {
                if (level > AV_LOG_ERROR) {
                    return;
                }
                FfmpegDecoder decoder = DECODING.get();
                if (decoder != null) { // else not a decoding call (opening a codec, another library)
                    decoder.errors++;
                    decoder.lastError = message == null ? "" : message.getString().trim();
                }
            }
        };
        setLogCallback(logCallback);
    }

    /** Decodes one frame (or Opus packet); false when FFmpeg refused it or reported damage. */
    boolean decode(byte[] data, int length) {
        long errorsBefore = errors;
        DECODING.set(this);
        try {
            if (av_new_packet(packet, length) < 0) {
                throw new IllegalStateException("out of memory");
            }
            packet.data().put(data, 0, length);
            int sent = avcodec_send_packet(context, packet);
            av_packet_unref(packet);
            if (sent < 0) {
                errors++;
                lastError = "send_packet " + sent;
                return false;
            }
            while (true) {
                int got = avcodec_receive_frame(context, frame);
                if (got == AVERROR_EAGAIN() || got == AVERROR_EOF()) {
                    break;
                }
                if (got < 0) {
                    errors++;
                    lastError = "receive_frame " + got;
                    break;
                }
                framesDecoded++;
                if (frame.decode_error_flags() != 0 || (frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0) {
                    errors++;
                    lastError = "damaged frame " + framesDecoded;
                }
                width = frame.width();
                height = frame.height();
            }
        } finally {
            DECODING.remove();
        }
        return errors == errorsBefore;
    }

    String codec() {
        return codec;
    }

    long framesDecoded() {
        return framesDecoded;
    }

    long errors() {
        return errors;
    }

    String lastError() {
        return lastError;
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    @Override
    public void close() {
        AVCodecContext c = context;
        avcodec_free_context(c);
        av_packet_free(packet);
        av_frame_free(frame);
    }
}
