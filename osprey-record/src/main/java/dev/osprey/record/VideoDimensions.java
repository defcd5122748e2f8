package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * The picture size of a keyframe, found by decoding it once: muxers write it in their headers (WebM
 * requires it) and the tap's frames do not say it.
 */
final class VideoDimensions {
    private VideoDimensions() {
    }

    /** {width, height} of the keyframe, or null when FFmpeg has no decoder for it or cannot decode it. */
    static int[] of(int codecId, byte[] data, int length) {
        AVCodec decoder = avcodec_find_decoder(codecId);
        if (decoder == null || decoder.isNull()) {
            return null;
        }
        AVCodecContext context = avcodec_alloc_context3(decoder);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            if (context == null || packet == null || frame == null) {
                return null;
            }
            context.thread_count(1);
            if (avcodec_open2(context, decoder, (AVDictionary) null) < 0 || av_new_packet(packet, length) < 0) {
                return null;
            }
            packet.data().put(data, 0, length);
            if (avcodec_send_packet(context, packet) < 0) {
                return null;
            }
            avcodec_send_packet(context, null); // drain: the one frame comes out now
            if (avcodec_receive_frame(context, frame) >= 0 && frame.width() > 0 && frame.height() > 0) {
                return new int[] {frame.width(), frame.height()};
            }
            return context.width() > 0 && context.height() > 0 ? new int[] {context.width(), context.height()} : null;
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            if (context != null) {
                avcodec_free_context(context); // it takes no NULL
            }
        }
    }
}
