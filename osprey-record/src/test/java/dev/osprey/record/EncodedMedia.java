package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Real encoded frames for the tests: Debian's ffmpeg encodes a test pattern and a tone into a file,
 * which FFmpeg's demuxer (bytedeco) splits into frames with their times, each stream starting at zero.
 */
final class EncodedMedia {
    /** One encoded frame as a tap would hand it over (video true for the video stream). */
    record Frame(boolean video, byte[] data, boolean keyframe, long timeMicros) {
    }

    private EncodedMedia() {
    }

    /** Four seconds of H.264 (30 fps, a keyframe a second, SPS and PPS before each) in MPEG-TS, so Annex B. */
    static Path h264(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("source-h264.ts");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "4", "-c:v", "libx264",
                "-preset", "ultrafast", "-tune", "zerolatency", "-g", "30", "-bf", "0", "-pix_fmt", "yuv420p",
                "-f", "mpegts", file.toString());
        return file;
    }

    /** Four seconds of VP8 (30 fps, a keyframe a second) and Opus (48 kHz stereo, 20 ms) in WebM. */
    static Path vp8Opus(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("source-vp8-opus.webm");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-f", "lavfi", "-i",
                "sine=frequency=440:sample_rate=48000", "-t", "4", "-c:v", "libvpx", "-deadline", "realtime",
                "-cpu-used", "8", "-g", "30", "-b:v", "300k", "-c:a", "libopus", "-ac", "2", "-b:a", "64k",
                "-frame_duration", "20", file.toString());
        return file;
    }

    /** Two seconds of VP9 (30 fps, a keyframe a second) in WebM. */
    static Path vp9(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("source-vp9.webm");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "2", "-c:v", "libvpx-vp9",
                "-deadline", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "300k", file.toString());
        return file;
    }

    /**
     * Two seconds of AV1 (30 fps, a keyframe a second) in IVF, whose frames are whole temporal units
     * with the sequence header before each keyframe, as a WebRTC sender sends them.
     */
    static Path av1(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("source-av1.ivf");
        ffmpeg("-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "2", "-c:v", "libaom-av1",
                "-usage", "realtime", "-cpu-used", "8", "-g", "30", "-b:v", "300k", "-f", "ivf", file.toString());
        return file;
    }

    private static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("/usr/bin/ffmpeg", "-v", "error", "-y", "-threads", "1"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("ffmpeg failed: " + out);
        }
    }

    /** The file's frames of the streams asked for, each stream's times starting at zero. */
    static List<Frame> frames(Path file, boolean video, boolean audio) {
        List<Frame> frames = new ArrayList<>();
        AVFormatContext input = new AVFormatContext(null);
        if (avformat_open_input(input, file.toString(), (AVInputFormat) null, (AVDictionary) null) < 0) {
            throw new IllegalStateException("cannot open " + file);
        }
        AVPacket packet = av_packet_alloc();
        try {
            avformat_find_stream_info(input, (PointerPointer<?>) null);
            long[] first = new long[input.nb_streams()];
            java.util.Arrays.fill(first, Long.MIN_VALUE);
            while (av_read_frame(input, packet) >= 0) {
                try {
                    AVStream stream = input.streams(packet.stream_index());
                    boolean isVideo = stream.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO;
                    if (isVideo ? !video : !audio) {
                        continue;
                    }
                    if (first[packet.stream_index()] == Long.MIN_VALUE) {
                        first[packet.stream_index()] = packet.pts();
                    }
                    long ticks = packet.pts() - first[packet.stream_index()];
                    long micros = ticks * 1_000_000L * stream.time_base().num() / stream.time_base().den();
                    byte[] data = new byte[packet.size()];
                    packet.data().get(data);
                    frames.add(new Frame(isVideo, data, (packet.flags() & AV_PKT_FLAG_KEY) != 0, micros));
                } finally {
                    av_packet_unref(packet);
                }
            }
        } finally {
            av_packet_free(packet);
            avformat_close_input(input);
        }
        return frames;
    }

    /** Both lists in one, by time, as a tap interleaves its tracks. */
    static List<Frame> interleave(List<Frame> a, List<Frame> b) {
        List<Frame> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(Comparator.comparingLong(Frame::timeMicros));
        return all;
    }
}
