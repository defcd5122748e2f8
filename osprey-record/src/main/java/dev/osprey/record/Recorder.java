package dev.osprey.record;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AV1;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_OPUS;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP8;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_VP9;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameConsumer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a broadcast's frames, as a {@link dev.osprey.media.frame.FrameTap} hands them over, to an MP4
 * or WebM file with FFmpeg's muxers. Video is never re-encoded; Opus goes into WebM as it is and into
 * MP4 as AAC ({@link OpusToAac}). The first video track and the first audio track of the broadcast are
 * recorded; a codec the container cannot hold is refused by the constructor, before any file exists.
 *
 * <p>The file starts at the first video keyframe (earlier frames of every track are dropped, so audio
 * and video start together; audio that arrives before the keyframe but is not older than it is kept for
 * it) and its time zero is that keyframe's time; each frame is placed by its time
 * on the tap's common clock, so frames lost on the way leave a gap in time rather than anything made
 * up. It is written to {@code output + ".tmp_extension"} (Ant Media's name for a recording in progress),
 * renamed to {@code output} by {@link #close()}. H.264
 * must be Annex B (the tap's default) with SPS and PPS before each IDR frame.
 *
 * <p>One thread: the tap's worker calls every method, {@link #close()} included (a recorder that never
 * started needs no close; one refused by its constructor holds nothing).
 */
public final class Recorder implements FrameConsumer, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    /** Appended to the file's name while it is written. */
    public static final String PARTIAL_SUFFIX = ".tmp_extension";
    private static final int VIDEO_CLOCK = 90_000;
    /** How much audio is kept while the first keyframe is awaited. */
    private static final long MAX_AUDIO_BEFORE_START_MICROS = 2_000_000;
    /** The longest MP4 fragment: what a killed recorder may lose at most. */
    private static final long MAX_FRAGMENT_MICROS = 1_000_000;
    private static final int OPUS_CHANNELS = 2;

    private final Container container;
    private final Path output;
    private final Path partial;
    private final Map<String, String> tags;
    private final int videoTrack;
    private final int audioTrack;
    private final TrackDescription video;
    private final TrackDescription audio;
    private final AVRational micros = new AVRational().num(1).den(1_000_000);
    /** Audio that came before the first keyframe, written at the start when it is not older than it. */
    private final ArrayDeque<KeptAudio> audioBeforeStart = new ArrayDeque<>();
    private final AVRational samples = new AVRational().num(1).den(OpusToAac.SAMPLE_RATE);

    private AVFormatContext muxer;
    private AVStream videoStream;
    private AVStream audioStream;
    private OpusToAac aac;
    private AVPacket packet;
    private boolean started;
    private boolean stopped;
    private long startMicros;
    private long lastVideoPts = Long.MIN_VALUE;
    private long lastAudioPts = Long.MIN_VALUE;
    private long framesWritten;
    private long framesDropped;
    private long lastFrameMicros;

    /**
     * @param source    the broadcast's tracks
     * @param container the file format
     * @param output    the finished file's path ({@code name.mp4}); {@code name.mp4.tmp_extension} while recording
     * @throws IllegalArgumentException when the broadcast has neither audio nor video, or a codec of
     *                                  it cannot go into {@code container}
     */
    public Recorder(SourceDescription source, Container container, Path output) {
        this(source, container, output, Map.of());
    }

    /**
     * A recorder that also writes {@code tags} into the file's header (the container's global metadata,
     * read back by {@code ffprobe -show_format}), so that even a partial file says what it recorded.
     *
     * @see #Recorder(SourceDescription, Container, Path)
     */
    public Recorder(SourceDescription source, Container container, Path output, Map<String, String> tags) {
        this.container = Objects.requireNonNull(container, "container");
        this.output = Objects.requireNonNull(output, "output");
        this.tags = Map.copyOf(tags);
        this.partial = output.resolveSibling(output.getFileName() + PARTIAL_SUFFIX);
        List<TrackDescription> tracks = source.tracks();
        this.videoTrack = first(tracks, MediaKind.VIDEO);
        this.audioTrack = first(tracks, MediaKind.AUDIO);
        this.video = videoTrack < 0 ? null : tracks.get(videoTrack);
        this.audio = audioTrack < 0 ? null : tracks.get(audioTrack);
        if (video == null && audio == null) {
            throw new IllegalArgumentException("the broadcast has no audio or video track to record");
        }
        if (video != null && !container.holdsVideo(video.codec())) {
            Container other = Container.forVideo(video.codec());
            throw new IllegalArgumentException(video.codec() + " video cannot go into " + container
                    + (other == null ? " (no container here takes it)" : "; record it as " + other));
        }
        if (audio != null && !container.holdsAudio(audio.codec())) {
            throw new IllegalArgumentException(audio.codec() + " audio cannot go into " + container);
        }
    }

    private static int first(List<TrackDescription> tracks, MediaKind kind) {
        for (int i = 0; i < tracks.size(); i++) {
            if (tracks.get(i).kind() == kind) {
                return i;
            }
        }
        return -1;
    }

    /** The finished file (it exists once {@link #close()} returned, if any frame was written). */
    public Path file() {
        return output;
    }

    /** The file being written until {@link #close()}. */
    public Path partialFile() {
        return partial;
    }

    /** Frames written to the file. */
    public long framesWritten() {
        return framesWritten;
    }

    /** The time from the first frame written to the last, in microseconds (0 before the first). */
    public long durationMicros() {
        return lastFrameMicros;
    }

    /** Frames left out: before the first keyframe, out of order, or of a recording that stopped. */
    public long framesDropped() {
        return framesDropped;
    }

    // ---------------------------------------------------------------- FrameConsumer

    /** A change of a recorded track's kind or codec ends the recording (the file is closed). */
    @Override
    public void onTracks(SourceDescription source) {
        if (stopped) {
            return;
        }
        if (!same(source.tracks(), videoTrack, video) || !same(source.tracks(), audioTrack, audio)) {
            LOG.warn("Recording {} ends: the broadcast's tracks changed to {}", output, source.tracks());
            close();
        }
    }

    private static boolean same(List<TrackDescription> tracks, int index, TrackDescription recorded) {
        if (recorded == null) {
            return true;
        }
        if (index >= tracks.size()) {
            return false;
        }
        TrackDescription now = tracks.get(index);
        return now.kind() == recorded.kind() && now.codec().equalsIgnoreCase(recorded.codec());
    }

    @Override
    public void onFrame(int track, AssembledFrame frame, long timeMicros) {
        write(track, frame.data(), frame.length(), frame.keyframe(), timeMicros);
    }

    @Override
    public void onClose() {
        close();
    }

    /**
     * Writes one frame of broadcast track {@code track}: bytes {@code [0, length)} of {@code data}, at
     * {@code timeMicros} on the broadcast's common clock. Frames of tracks not recorded are ignored.
     *
     * @throws RecordingException when FFmpeg cannot create or write the file
     */
    public void write(int track, byte[] data, int length, boolean keyframe, long timeMicros) {
        boolean isVideo = track == videoTrack;
        if (!isVideo && track != audioTrack) {
            return;
        }
        if (stopped) {
            framesDropped++;
            return;
        }
        if (!started) {
            boolean startsHere = isVideo ? keyframe : videoTrack < 0;
            if (!startsHere || !start(data, length, timeMicros)) {
                if (isVideo) {
                    framesDropped++;
                } else {
                    keepUntilStart(data, length, timeMicros);
                }
                return;
            }
            if (isVideo) {
                writeKeptAudio();
            }
        }
        writeStarted(isVideo, data, length, keyframe, timeMicros);
    }

    /**
     * Keeps audio that arrives before the first keyframe: the keyframe, large and perhaps repaired by
     * retransmission, can be complete well after audio of a later time; that audio belongs in the file.
     */
    private void keepUntilStart(byte[] data, int length, long timeMicros) {
        audioBeforeStart.addLast(new KeptAudio(Arrays.copyOf(data, length), timeMicros));
        while (timeMicros - audioBeforeStart.peekFirst().timeMicros() > MAX_AUDIO_BEFORE_START_MICROS) {
            audioBeforeStart.removeFirst();
            framesDropped++;
        }
    }

    /** At the start: the kept audio of the keyframe's time or later goes in first; earlier is left out. */
    private void writeKeptAudio() {
        for (KeptAudio a; (a = audioBeforeStart.pollFirst()) != null; ) {
            writeStarted(false, a.data(), a.data().length, true, a.timeMicros());
        }
    }

    private record KeptAudio(byte[] data, long timeMicros) {
    }

    private void writeStarted(boolean isVideo, byte[] data, int length, boolean keyframe, long timeMicros) {
        long sinceStart = timeMicros - startMicros;
        if (sinceStart < 0) {
            framesDropped++;
            return;
        }
        lastFrameMicros = Math.max(lastFrameMicros, sinceStart);
        if (isVideo) {
            writeVideo(data, length, keyframe, sinceStart);
        } else if (aac != null) {
            aac.write(data, length, sinceStart * OpusToAac.SAMPLE_RATE / 1_000_000, this::writeAac);
            framesWritten++;
        } else {
            writeOpus(data, length, sinceStart);
        }
    }

    private void writeVideo(byte[] data, int length, boolean keyframe, long sinceStartMicros) {
        long pts = av_rescale_q(sinceStartMicros, micros, videoStream.time_base());
        if (pts <= lastVideoPts) {
            framesDropped++; // out of order or a repeated time: the muxer would refuse it
            return;
        }
        lastVideoPts = pts;
        writePacket(videoStream, data, length, keyframe, pts);
    }

    private void writeOpus(byte[] data, int length, long sinceStartMicros) {
        long pts = av_rescale_q(sinceStartMicros, micros, audioStream.time_base());
        if (pts <= lastAudioPts) {
            framesDropped++;
            return;
        }
        lastAudioPts = pts;
        writePacket(audioStream, data, length, true, pts);
    }

    private void writePacket(AVStream stream, byte[] data, int length, boolean keyframe, long pts) {
        av_packet_unref(packet);
        Ffmpeg.check(av_new_packet(packet, length), "av_new_packet");
        packet.data().put(data, 0, length);
        packet.stream_index(stream.index()).pts(pts).dts(pts).flags(keyframe ? AV_PKT_FLAG_KEY : 0);
        Ffmpeg.check(av_interleaved_write_frame(muxer, packet), "av_interleaved_write_frame");
        framesWritten++;
    }

    /** An AAC packet from the transcoder, in samples. */
    private void writeAac(AVPacket encoded) {
        long pts = av_rescale_q(encoded.pts(), samples, audioStream.time_base());
        if (pts <= lastAudioPts) {
            return;
        }
        lastAudioPts = pts;
        encoded.stream_index(audioStream.index()).pts(pts).dts(pts)
                .duration(av_rescale_q(encoded.duration(), samples, audioStream.time_base()));
        Ffmpeg.check(av_interleaved_write_frame(muxer, encoded), "av_interleaved_write_frame");
    }

    // ---------------------------------------------------------------- start and close

    /**
     * Creates the file at the first keyframe (or the first audio frame of a broadcast without video).
     * False when the keyframe lacks what the header needs (H.264 without SPS and PPS): wait for the next.
     */
    private boolean start(byte[] data, int length, long timeMicros) {
        if (av_log_get_level() > AV_LOG_ERROR) {
            // FFmpeg's log is process-wide and goes to stderr: no notes per file (the AAC encoder's
            // statistics, the muxer's duration guesses); a quieter level set elsewhere stays
            av_log_set_level(AV_LOG_ERROR);
        }
        byte[] videoConfig = null;
        int[] size = null;
        if (video != null) {
            int codecId = codecId(video.codec());
            if (codecId == AV_CODEC_ID_H264) {
                videoConfig = CodecConfig.h264ParameterSets(data, length);
                if (videoConfig == null) {
                    LOG.warn("Recording {}: an H.264 keyframe without SPS and PPS, waiting for the next", output);
                    return false;
                }
            } else if (codecId == AV_CODEC_ID_AV1) {
                videoConfig = CodecConfig.av1SequenceHeader(data, length);
            }
            size = VideoDimensions.of(codecId, data, length);
        }
        try {
            open(videoConfig, size);
        } catch (RuntimeException e) {
            stopped = true;
            release();
            deletePartial();
            throw e;
        }
        started = true;
        startMicros = timeMicros;
        LOG.info("Recording {} started ({}{}{})", output, video == null ? "" : video.codec(),
                video != null && audio != null ? " + " : "", audio == null ? "" : audio.codec());
        return true;
    }

    private void open(byte[] videoConfig, int[] size) {
        packet = av_packet_alloc();
        muxer = new AVFormatContext(null);
        Ffmpeg.check(avformat_alloc_output_context2(muxer, null, container.muxer(), partial.toString()),
                "avformat_alloc_output_context2");
        if (video != null) {
            videoStream = avformat_new_stream(muxer, null);
            AVCodecParameters p = videoStream.codecpar();
            p.codec_type(AVMEDIA_TYPE_VIDEO).codec_id(codecId(video.codec()));
            if (size != null) {
                p.width(size[0]).height(size[1]);
            }
            if (videoConfig != null) {
                Ffmpeg.setExtradata(p, videoConfig);
            }
            videoStream.time_base().num(1).den(VIDEO_CLOCK);
        }
        if (audio != null) {
            audioStream = avformat_new_stream(muxer, null);
            AVCodecParameters p = audioStream.codecpar();
            if (container == Container.MP4) {
                aac = new OpusToAac();
                aac.describe(p);
            } else {
                p.codec_type(AVMEDIA_TYPE_AUDIO).codec_id(AV_CODEC_ID_OPUS).sample_rate(OpusToAac.SAMPLE_RATE);
                av_channel_layout_default(p.ch_layout(), OPUS_CHANNELS);
                Ffmpeg.setExtradata(p, CodecConfig.opusHead(OPUS_CHANNELS));
            }
            audioStream.time_base().num(1).den(OpusToAac.SAMPLE_RATE);
        }
        AVIOContext io = new AVIOContext(null);
        Ffmpeg.check(avio_open(io, partial.toString(), AVIO_FLAG_WRITE), "avio_open " + partial);
        muxer.pb(io);
        if (!tags.isEmpty()) {
            AVDictionary metadata = new AVDictionary(null);
            tags.forEach((key, value) -> av_dict_set(metadata, key, value, 0));
            muxer.metadata(metadata); // freed with the muxer
        }
        AVDictionary options = new AVDictionary(null);
        try {
            if (container == Container.MP4) {
                // a moov without samples first, then a fragment per keyframe and at least one a second (a
                // browser sends keyframes seldom): a killed recorder leaves a playable file, and the muxer
                // never holds more than a second; use_metadata_tags: the tags under their own names
                av_dict_set(options, "movflags", "frag_keyframe+empty_moov+default_base_moof+use_metadata_tags", 0);
                av_dict_set(options, "frag_duration", Long.toString(MAX_FRAGMENT_MICROS), 0);
            } else {
                // a cluster at least every second, so a killed recorder loses little
                av_dict_set(options, "cluster_time_limit", "1000", 0);
            }
            av_dict_set(options, "flush_packets", "1", 0);
            Ffmpeg.check(avformat_write_header(muxer, options), "avformat_write_header");
        } finally {
            av_dict_free(options);
        }
    }

    /**
     * Finishes the file (the muxer's trailer) and renames it to its final name; frees every native
     * structure. Later calls do nothing. When the trailer cannot be written the partial file stays.
     *
     * @throws RecordingException when FFmpeg cannot finish the file
     */
    @Override
    public void close() {
        if (stopped && muxer == null && packet == null && aac == null) {
            return;
        }
        stopped = true;
        boolean finished = false;
        try {
            if (started) {
                if (aac != null) {
                    aac.finish(this::writeAac);
                }
                Ffmpeg.check(av_write_trailer(muxer), "av_write_trailer");
                finished = true;
            }
        } finally {
            release();
        }
        if (finished) {
            try {
                Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot rename " + partial + " to " + output, e);
            }
            LOG.info("Recording {} finished: {} frames written, {} left out", output, framesWritten, framesDropped);
        }
    }

    private void release() {
        if (muxer != null) {
            if (muxer.pb() != null && !muxer.pb().isNull()) {
                avio_closep(muxer.pb());
            }
            avformat_free_context(muxer); // with its streams and their extradata
            muxer = null;
            videoStream = null;
            audioStream = null;
        }
        if (aac != null) {
            aac.close();
            aac = null;
        }
        if (packet != null) {
            av_packet_free(packet);
            packet = null;
        }
    }

    private void deletePartial() {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}: {}", partial, e.toString());
        }
    }

    private static int codecId(String codec) {
        return switch (codec.toLowerCase(Locale.ROOT)) {
            case "h264" -> AV_CODEC_ID_H264;
            case "vp8" -> AV_CODEC_ID_VP8;
            case "vp9" -> AV_CODEC_ID_VP9;
            case "av1" -> AV_CODEC_ID_AV1;
            case "opus" -> AV_CODEC_ID_OPUS;
            default -> throw new IllegalArgumentException("no FFmpeg codec for " + codec);
        };
    }
}
