package dev.osprey.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.frame.TestFrames;
import dev.osprey.record.EncodedMedia.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real encoded frames through a recorder, the files checked with Debian's ffprobe and ffmpeg. */
class RecorderTest {
    static final int AUDIO = 0;
    static final int VIDEO = 1;

    @TempDir
    static Path sources;
    static List<Frame> h264;
    static List<Frame> vp8;
    static List<Frame> opus;

    @TempDir
    Path dir;

    @BeforeAll
    static void encode() throws Exception {
        h264 = EncodedMedia.frames(EncodedMedia.h264(sources), true, false);
        Path webm = EncodedMedia.vp8Opus(sources);
        vp8 = EncodedMedia.frames(webm, true, false);
        opus = EncodedMedia.frames(webm, false, true);
    }

    static SourceDescription broadcast(String videoCodec) {
        return new SourceDescription(List.of(
                TrackDescription.audio("opus", 111, 48_000, 0xA1),
                TrackDescription.video(videoCodec, 96, 0xB2, 0, -1)), Map.of(), false, false);
    }

    /** Hands the frames to the recorder as a tap does, audio on track 0 and video on track 1. */
    static void feed(Recorder recorder, List<Frame> frames) {
        for (Frame f : frames) {
            recorder.onFrame(f.video() ? VIDEO : AUDIO, TestFrames.frame(f.data(), f.keyframe()), f.timeMicros());
        }
    }

    static Map<String, String> stream(Path file, String codec) throws Exception {
        return MediaProbe.streams(file).stream().filter(s -> codec.equals(s.get("codec_name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + codec + " stream in " + file));
    }

    static List<Path> files(Path folder) throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            return list.toList();
        }
    }

    @Test
    void writesH264AndOpusAsAacToAnMp4OfTheBroadcastsDuration() throws Exception {
        assertFourSecondsRecorded(Container.MP4, "h264", h264, "aac");
    }

    @Test
    void writesVp8AndOpusToAWebmOfTheBroadcastsDuration() throws Exception {
        assertFourSecondsRecorded(Container.WEBM, "vp8", vp8, "opus");
    }

    /** The four seconds of {@code video} and Opus recorded into {@code container}: one file, every frame. */
    private void assertFourSecondsRecorded(Container container, String videoCodec, List<Frame> video, String audioCodec)
            throws Exception {
        Path file = dir.resolve("live." + container.extension());
        try (Recorder recorder = new Recorder(broadcast(videoCodec.toUpperCase(Locale.ROOT)), container, file)) {
            feed(recorder, EncodedMedia.interleave(video, opus));
        }

        assertThat(files(dir)).containsExactly(file);
        assertThat(MediaProbe.streams(file)).extracting(s -> s.get("codec_name"))
                .containsExactlyInAnyOrder(videoCodec, audioCodec);
        assertThat(MediaProbe.streamDuration(file, videoCodec)).isCloseTo(4.0, within(0.5));
        assertThat(MediaProbe.streamDuration(file, audioCodec)).isCloseTo(4.0, within(0.5));
        assertThat(stream(file, videoCodec).get("nb_read_packets")).isEqualTo(String.valueOf(video.size()));
        if (audioCodec.equals("opus")) { // copied as it is; AAC frames are of another length
            assertThat(stream(file, "opus").get("nb_read_packets")).isEqualTo(String.valueOf(opus.size()));
        }
        assertThat(MediaProbe.decodingErrors(file)).isEmpty();
    }

    @Test
    void writesVp9AndOpusToAWebm() throws Exception {
        assertWebmOf("VP9", "vp9", EncodedMedia.frames(EncodedMedia.vp9(dir), true, false));
    }

    @Test
    void writesAv1AndOpusToAWebm() throws Exception {
        assertWebmOf("AV1", "av1", EncodedMedia.frames(EncodedMedia.av1(dir), true, false));
    }

    /** Two seconds of {@code video} and the first two of the Opus frames, recorded and checked. */
    private void assertWebmOf(String codec, String ffmpegName, List<Frame> video) throws Exception {
        List<Frame> audio = opus.stream().filter(f -> f.timeMicros() < 2_000_000).toList();
        Path file = dir.resolve("live-" + ffmpegName + ".webm");
        long durationMicros;
        try (Recorder recorder = new Recorder(broadcast(codec), Container.WEBM, file)) {
            feed(recorder, EncodedMedia.interleave(video, audio));
            assertThat(recorder.partialFile()).hasFileName("live-" + ffmpegName + ".webm.tmp_extension").exists();
            durationMicros = recorder.durationMicros();
        }
        assertThat(durationMicros / 1e6).isCloseTo(MediaProbe.streamDuration(file, ffmpegName), within(0.1));

        assertThat(MediaProbe.streams(file)).extracting(s -> s.get("codec_name"))
                .containsExactlyInAnyOrder(ffmpegName, "opus");
        assertThat(MediaProbe.streamDuration(file, ffmpegName)).isCloseTo(2.0, within(0.5));
        assertThat(stream(file, ffmpegName).get("nb_read_packets")).isEqualTo(String.valueOf(video.size()));
        assertThat(MediaProbe.decodingErrors(file)).isEmpty();
    }

    @Test
    void aPartialFileAlreadyCarriesItsTagsInBothContainers() throws Exception {
        Map<String, String> tags = Map.of("streamId", "lesson-7", "streamName", "Lesson 7");
        for (Container container : Container.values()) {
            String codec = container == Container.MP4 ? "H264" : "VP8";
            Path file = dir.resolve("tagged." + container.extension());
            Path copy = dir.resolve("tagged-partial." + container.extension());
            try (Recorder recorder = new Recorder(broadcast(codec), container, file, tags)) {
                feed(recorder, EncodedMedia.interleave(container == Container.MP4 ? h264 : vp8, opus));
                Files.copy(recorder.partialFile(), copy);
            }
            for (Path p : List.of(file, copy)) {
                assertThat(MediaProbe.tag(p, "streamId")).as("%s", p).isEqualTo("lesson-7");
                assertThat(MediaProbe.tag(p, "streamName")).as("%s", p).isEqualTo("Lesson 7");
            }
        }
    }

    @Test
    void aKilledRecordingIsFinishedIntoACompleteFileWithItsTags() throws Exception {
        for (Container container : Container.values()) {
            List<Frame> video = container == Container.MP4 ? h264 : vp8;
            String codec = container == Container.MP4 ? "h264" : "vp8";
            Path file = dir.resolve("cut." + container.extension());
            Path killed = dir.resolve("killed." + container.extension() + Recorder.PARTIAL_SUFFIX);
            try (Recorder recorder = new Recorder(broadcast(codec.toUpperCase(Locale.ROOT)), container, file,
                    Map.of("streamId", "cut-short"))) {
                feed(recorder, EncodedMedia.interleave(video, opus));
                Files.copy(recorder.partialFile(), killed); // what a kill -9 leaves on disk
            }
            Path finished = dir.resolve("finished." + container.extension());

            PartialRecording.Recovered recovered = PartialRecording.finish(killed, container, finished);

            assertThat(MediaProbe.streams(finished)).extracting(s -> s.get("codec_name"))
                    .as("%s", container).containsExactlyInAnyOrder(codec, container == Container.MP4 ? "aac" : "opus");
            assertThat(MediaProbe.duration(finished)).as("%s container duration", container).isGreaterThan(2.5);
            assertThat(recovered.durationMillis() / 1000.0).isCloseTo(MediaProbe.duration(finished), within(0.1));
            assertThat(recovered.tags().get("streamId")).isEqualTo("cut-short");
            assertThat(MediaProbe.tag(finished, "streamId")).isEqualTo("cut-short");
            assertThat(MediaProbe.decodingErrors(finished)).as("%s", container).isEmpty();
        }
    }

    @Test
    void aPartialFileWithoutMediaIsRefused() throws Exception {
        Path junk = dir.resolve("junk.mp4" + Recorder.PARTIAL_SUFFIX);
        Files.write(junk, "not a recording at all".repeat(100).getBytes());
        Path empty = dir.resolve("empty.webm" + Recorder.PARTIAL_SUFFIX);
        Files.write(empty, new byte[0]);

        assertThatThrownBy(() -> PartialRecording.finish(junk, Container.MP4, dir.resolve("junk.mp4")))
                .isInstanceOf(RecordingException.class);
        assertThatThrownBy(() -> PartialRecording.finish(empty, Container.WEBM, dir.resolve("empty.webm")))
                .isInstanceOf(RecordingException.class);
    }

    @Test
    void anMp4OfAStreamWithOneKeyframeIsStillWrittenASecondAtATime() throws Exception {
        // a browser's stream: a keyframe at the start and then none for minutes
        List<Frame> oneKeyframe = new java.util.ArrayList<>();
        for (Frame f : h264) {
            oneKeyframe.add(oneKeyframe.isEmpty() ? f : new Frame(f.video(), f.data(), false, f.timeMicros()));
        }
        Path file = dir.resolve("browser.mp4");
        Path survivor = dir.resolve("browser-killed.mp4");
        try (Recorder recorder = new Recorder(broadcast("H264"), Container.MP4, file)) {
            feed(recorder, EncodedMedia.interleave(oneKeyframe, opus));
            Files.copy(recorder.partialFile(), survivor);
        }

        assertThat(MediaProbe.streamDuration(survivor, "h264")).isGreaterThan(2.5);
        assertThat(MediaProbe.decodingErrors(survivor)).isEmpty();
    }

    @Test
    void audioThatArrivesBeforeALateKeyframeIsRecordedFromTheKeyframesTime() throws Exception {
        // the keyframe is complete 600 ms late (many packets, a retransmission): audio of that time came first
        List<Frame> early = opus.stream().filter(f -> f.timeMicros() < 600_000).toList();
        List<Frame> rest = EncodedMedia.interleave(h264,
                opus.stream().filter(f -> f.timeMicros() >= 600_000).toList());
        for (Container container : Container.values()) {
            List<Frame> video = container == Container.MP4 ? rest
                    : EncodedMedia.interleave(vp8, opus.stream().filter(f -> f.timeMicros() >= 600_000).toList());
            String codec = container == Container.MP4 ? "h264" : "vp8";
            Path file = dir.resolve("late-keyframe." + container.extension());
            try (Recorder recorder = new Recorder(broadcast(codec.toUpperCase(Locale.ROOT)), container, file)) {
                feed(recorder, early);
                feed(recorder, video);
            }

            String audioStart = stream(file, container == Container.MP4 ? "aac" : "opus").get("start_time");
            assertThat(Double.parseDouble(audioStart)).as("%s: audio starts with the video", container)
                    .isCloseTo(Double.parseDouble(stream(file, codec).get("start_time")), within(0.05));
            assertThat(MediaProbe.decodingErrors(file)).isEmpty();
        }
    }

    @Test
    void aKilledMp4RecordingIsReadableUpToItsLastFragment() throws Exception {
        Path file = dir.resolve("killed.mp4");
        Path survivor = dir.resolve("survivor.mp4");
        try (Recorder recorder = new Recorder(broadcast("H264"), Container.MP4, file)) {
            feed(recorder, EncodedMedia.interleave(h264, opus));
            // what a kill -9 leaves on disk: the partial file as it is now, without the trailer
            Files.copy(recorder.partialFile(), survivor);
        }

        assertThat(MediaProbe.streams(survivor)).extracting(s -> s.get("codec_name")).contains("h264");
        // a fragment per keyframe (one a second): all but the last, still open, second of the four
        assertThat(MediaProbe.streamDuration(survivor, "h264")).isGreaterThan(0).isCloseTo(3.0, within(0.5));
        assertThat(MediaProbe.decodingErrors(survivor)).isEmpty();
    }

    @Test
    void framesBeforeTheFirstVideoKeyframeAreLeftOut() throws Exception {
        long secondKeyframe = vp8.stream().filter(f -> f.keyframe() && f.timeMicros() > 0)
                .mapToLong(Frame::timeMicros).min().orElseThrow();
        // the tap joined mid-GOP, half a second before the second keyframe
        List<Frame> joined = EncodedMedia.interleave(vp8, opus).stream()
                .filter(f -> f.timeMicros() >= secondKeyframe - 500_000).toList();
        long videoFromKeyframe = vp8.stream().filter(f -> f.timeMicros() >= secondKeyframe).count();
        long audioFromKeyframe = opus.stream().filter(f -> f.timeMicros() >= secondKeyframe).count();
        Path file = dir.resolve("joined.webm");
        try (Recorder recorder = new Recorder(broadcast("VP8"), Container.WEBM, file)) {
            feed(recorder, joined);
            assertThat(recorder.framesDropped()).isEqualTo(joined.size() - videoFromKeyframe - audioFromKeyframe);
        }

        assertThat(stream(file, "vp8").get("nb_read_packets")).isEqualTo(String.valueOf(videoFromKeyframe));
        assertThat(stream(file, "opus").get("nb_read_packets")).isEqualTo(String.valueOf(audioFromKeyframe));
        assertThat(MediaProbe.streamDuration(file, "vp8")).isCloseTo(4.0 - secondKeyframe / 1e6, within(0.5));
        assertThat(MediaProbe.decodingErrors(file)).isEmpty();
    }

    @Test
    void lostFramesLeaveAGapInTimeAndNothingBroken() throws Exception {
        // a second of both tracks lost; video resumes at the next keyframe, as the tap resumes it
        long resume = vp8.stream().filter(f -> f.keyframe() && f.timeMicros() >= 2_000_000)
                .mapToLong(Frame::timeMicros).min().orElseThrow();
        List<Frame> lossy = EncodedMedia.interleave(vp8, opus).stream()
                .filter(f -> f.timeMicros() < 1_000_000 || f.timeMicros() >= resume).toList();
        Path file = dir.resolve("lossy.webm");
        try (Recorder recorder = new Recorder(broadcast("VP8"), Container.WEBM, file)) {
            feed(recorder, lossy);
        }

        assertThat(MediaProbe.streamDuration(file, "vp8")).isCloseTo(4.0, within(0.5));
        assertThat(stream(file, "vp8").get("nb_read_packets"))
                .isEqualTo(String.valueOf(lossy.stream().filter(Frame::video).count()));
        assertThat(MediaProbe.decodingErrors(file)).isEmpty();
    }

    @Test
    void lostAudioStaysAGapInAnMp4() throws Exception {
        List<Frame> lossy = EncodedMedia.interleave(h264, opus).stream()
                .filter(f -> f.video() || f.timeMicros() < 1_000_000 || f.timeMicros() >= 2_000_000).toList();
        Path file = dir.resolve("lossy.mp4");
        try (Recorder recorder = new Recorder(broadcast("H264"), Container.MP4, file)) {
            feed(recorder, lossy);
        }

        assertThat(MediaProbe.streamDuration(file, "aac")).isCloseTo(4.0, within(0.5));
        // a second of 1024-sample AAC frames fewer than the 4 s would hold
        assertThat(Long.parseLong(stream(file, "aac").get("nb_read_packets"))).isBetween(3L * 48_000 / 1024 - 2,
                3L * 48_000 / 1024 + 3);
        assertThat(MediaProbe.decodingErrors(file)).isEmpty();
    }

    @Test
    void vp8IntoMp4IsRefusedBeforeAnyFileExists() throws Exception {
        Path file = dir.resolve("refused.mp4");

        assertThatThrownBy(() -> new Recorder(broadcast("VP8"), Container.MP4, file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VP8 video cannot go into MP4").hasMessageContaining("WEBM");
        assertThat(files(dir)).isEmpty();
    }

    @Test
    void h264IntoWebmIsRefused() {
        assertThatThrownBy(() -> new Recorder(broadcast("H264"), Container.WEBM, dir.resolve("refused.webm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("H264 video cannot go into WEBM");
    }

    @Test
    void aBroadcastThatNeverSentAKeyframeLeavesNoFile() throws Exception {
        Path file = dir.resolve("empty.webm");
        try (Recorder recorder = new Recorder(broadcast("VP8"), Container.WEBM, file)) {
            feed(recorder, EncodedMedia.interleave(vp8, opus).stream().filter(f -> !f.keyframe() || !f.video())
                    .toList());
        }

        assertThat(files(dir)).isEmpty();
    }

    @Test
    void aChangedVideoCodecEndsTheRecording() throws Exception {
        Path file = dir.resolve("changed.webm");
        try (Recorder recorder = new Recorder(broadcast("VP8"), Container.WEBM, file)) {
            feed(recorder, EncodedMedia.interleave(vp8, opus).stream().filter(f -> f.timeMicros() < 2_000_000).toList());
            recorder.onTracks(new SourceDescription(List.of(TrackDescription.audio("opus", 111, 48_000, 0xA1),
                    new TrackDescription(MediaKind.VIDEO, "VP9", 98, 90_000, 0xB3, 0, -1, true, true)),
                    Map.of(), false, false));

            assertThat(files(dir)).containsExactly(file);
        }
        assertThat(MediaProbe.streamDuration(file, "vp8")).isCloseTo(2.0, within(0.5));
    }
}
