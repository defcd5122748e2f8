package dev.osprey.loadtest.media;

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
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/** Test helper: how many pictures FFmpeg decodes from a run of frames given to a fresh decoder. */
final class FrameDecoder {
    private FrameDecoder() {
    }

    static int decodedPictures(int codecId, List<byte[]> frames) {
        av_log_set_level(AV_LOG_QUIET); // a decoder refusing a frame says so on stderr
        AVCodec decoder = avcodec_find_decoder(codecId);
        AVCodecContext ctx = avcodec_alloc_context3(decoder);
        AVPacket packet = av_packet_alloc();
        AVFrame picture = av_frame_alloc();
        try {
            ctx.thread_count(1);
            if (avcodec_open2(ctx, decoder, (AVDictionary) null) < 0) {
                throw new IllegalStateException("cannot open decoder " + codecId);
            }
            int decoded = 0;
            for (byte[] f : frames) {
                av_new_packet(packet, f.length);
                packet.data().put(f);
                avcodec_send_packet(ctx, packet);
                av_packet_unref(packet);
                while (avcodec_receive_frame(ctx, picture) >= 0) {
                    decoded++;
                }
            }
            avcodec_send_packet(ctx, null);
            while (avcodec_receive_frame(ctx, picture) >= 0) {
                decoded++;
            }
            return decoded;
        } finally {
            av_frame_free(picture);
            av_packet_free(packet);
            avcodec_free_context(ctx);
        }
    }
}
