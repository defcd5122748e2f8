package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class HlsSegmenterTest {
    /** A 320x240 baseline SPS and its PPS, as x264 writes them. */
    static final byte[] SPS = HexFormat.of().parseHex("6742c00dd90141fb0110000003001000000303c0f142a480");
    static final byte[] PPS = HexFormat.of().parseHex("68cb83cb20");
    static final byte[] OTHER_SPS = HexFormat.of().parseHex("6742c01ed90141fb0110000003001000000303c0f142a480");

    /** A format whose chunks list their samples ("v0k v3000 a0 ..."), so tests can read what went where. */
    static final class TextFormat implements SegmentFormat {
        final H264Config video;
        final List<String> fragments = new ArrayList<>();

        TextFormat(H264Config video) {
            this.video = video;
        }

        @Override
        public byte[] initSegment() {
            return ("init " + (video == null ? "audio" : video.codecString())).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] fragment(List<MediaSample> v, List<MediaSample> a) {
            StringBuilder s = new StringBuilder();
            v.forEach(x -> s.append('v').append(x.time()).append(x.sync() ? "k " : " "));
            a.forEach(x -> s.append('a').append(x.time()).append(' '));
            fragments.add(s.toString());
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
    }

    static byte[] keyframe(byte[] sps) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : List.of(sps, PPS, new byte[] {0x65, (byte) 0x88, 0x11})) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    static final byte[] DELTA = {0, 0, 0, 1, 0x41, (byte) 0x9a, 0x22};

    final List<HlsStream.Segment> completed = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    final HlsSegmenter.SegmentListener listener = new HlsSegmenter.SegmentListener() {
        @Override
        public void segmentCompleted(HlsStream.State state, HlsStream.Segment segment) {
            completed.add(segment);
        }

        @Override
        public void ended(HlsStream.State state) {
            events.add("ended");
        }
    };

    static HlsSettings settings(int listSize, String type, int partMillis) {
        return new HlsSettings(2, listSize, type, SegmentFormat.SegmentType.FMP4, partMillis, false);
    }

    HlsSegmenter segmenter(HlsStream stream) {
        return new HlsSegmenter(stream, true, AudioSpecificConfig.lowComplexity(48_000, 2), (v, a) -> new TextFormat(v), listener);
    }

    /** 30 fps video from {@code fromFrame} to {@code toFrame}, a keyframe every {@code gop} frames, audio every 1024 samples. */
    static void feed(HlsSegmenter s, int fromFrame, int toFrame, int gop, byte[] sps) {
        long nextAudio = fromFrame * 1600L;
        for (int f = fromFrame; f < toFrame; f++) {
            long time = f * 3000L;
            s.video(f % gop == 0 ? keyframe(sps) : DELTA, time, f % gop == 0);
            while (nextAudio * 90 / 48 <= time) {
                s.audio(new byte[] {1, 2, 3}, nextAudio, 1024);
                nextAudio += 1024;
            }
        }
    }

    @Test
    void segmentsStartAtTheFirstKeyframeAfterHlsTimeAndPartsStayWithinTheirTarget() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        s.video(DELTA, 0, false); // before any keyframe: nothing can start
        feed(s, 1, 30 * 7, 30, SPS); // keyframes every second, up to 7 s
        s.finish();

        HlsStream.State state = stream.state();
        assertThat(state.ended()).isTrue();
        assertThat(events).containsExactly("ended");
        assertThat(state.segments()).extracting(HlsStream.Segment::msn).containsExactly(0L, 1L, 2L);
        // The first keyframe is at frame 30 (1 s); cuts at 3 s and 5 s; the last segment ends with the stream.
        assertThat(state.segments().get(0).duration()).isEqualTo(2.0);
        assertThat(state.segments().get(1).duration()).isEqualTo(2.0);
        for (HlsStream.Segment seg : state.segments()) {
            assertThat(seg.parts()).allSatisfy(p -> assertThat(p.duration()).isLessThanOrEqualTo(0.5));
            assertThat(seg.parts().get(0).independent()).isTrue();
            assertThat(new String(seg.data(), StandardCharsets.UTF_8)).startsWith("v" + Math.round(90_000 * (1 + 2 * seg.msn())) + "k ");
        }
        HlsStream.Segment first = state.segments().get(0);
        assertThat(first.parts()).hasSize(4).extracting(HlsStream.Part::duration).containsExactly(0.5, 0.5, 0.5, 0.5);
        // The segment's bytes are its parts' bytes, in order, and the parts are slices of them.
        StringBuilder joined = new StringBuilder();
        for (HlsStream.Part p : first.parts()) {
            joined.append(new String(p.data(), p.offset(), p.length(), StandardCharsets.UTF_8));
        }
        assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo(joined.toString());
        assertThat(completed).extracting(HlsStream.Segment::msn).containsExactly(0L, 1L, 2L);
    }

    @Test
    void everyPartsAudioStartsNoLaterThanItsVideoSoPlayersFindNoHoleAtASegmentsStart() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        List<TextFormat> formats = new ArrayList<>();
        HlsSegmenter s = new HlsSegmenter(stream, true, AudioSpecificConfig.lowComplexity(48_000, 2), (v, a) -> {
            TextFormat f = new TextFormat(v);
            formats.add(f);
            return f;
        }, listener);
        feed(s, 0, 30 * 6, 30, SPS);
        s.finish();
        List<String> fragments = formats.get(0).fragments;
        assertThat(fragments).hasSizeGreaterThan(10);
        for (String fragment : fragments) {
            java.util.regex.Matcher video = java.util.regex.Pattern.compile("^v(\\d+)").matcher(fragment);
            java.util.regex.Matcher audio = java.util.regex.Pattern.compile(" a(\\d+) ").matcher(fragment);
            assertThat(video.find()).as(fragment).isTrue();
            if (audio.find()) {
                long videoStart = Long.parseLong(video.group(1));
                long audioStart = Long.parseLong(audio.group(1)) * 90 / 48;
                assertThat(audioStart).as("audio of %s", fragment).isLessThanOrEqualTo(videoStart);
            }
        }
        // Nothing is lost on the way: every audio frame fed is in exactly one part.
        long frames = fragments.stream().mapToLong(f -> f.split(" a", -1).length - 1).sum();
        long fed = (30 * 6 - 1) * 3000L * 48 / 90 / 1024 + 1; // feed(): every 1024 samples up to the last frame's time
        assertThat(frames).isEqualTo(fed);
    }

    @Test
    void programDatesStepByTheSegmentsDurationsNotByTheWallClockAtEachCut() throws Exception {
        HlsStream stream = new HlsStream("cam", new HlsSettings(2, 15, "", SegmentFormat.SegmentType.FMP4, 500, true));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 45, 30, SPS);
        Thread.sleep(50); // the wall clock moves on; the media does not
        feed(s, 45, 30 * 7, 30, SPS);
        s.finish();
        List<HlsStream.Segment> segments = stream.state().segments();
        assertThat(segments).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < segments.size(); i++) {
            long step = segments.get(i).programDateTimeMillis() - segments.get(i - 1).programDateTimeMillis();
            assertThat(step).isEqualTo(Math.round(segments.get(i - 1).duration() * 1000));
        }
    }

    @Test
    void theLivePlaylistListsSegmentsPartsAndThePreloadHintOfTheNextPart() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 30 * 4 + 20, 30, SPS); // 4.67 s: two segments done, the third open

        String playlist = new String(stream.state().playlist(), StandardCharsets.UTF_8);
        String init = stream.state().inits().get(0).name();
        assertThat(playlist).startsWith("#EXTM3U\n#EXT-X-VERSION:9\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n");
        assertThat(playlist).contains("#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=1.5\n"
                + "#EXT-X-PART-INF:PART-TARGET=0.5\n");
        assertThat(playlist).contains("#EXT-X-MAP:URI=\"" + init + "\"\n");
        assertThat(playlist).contains("#EXT-X-PART:DURATION=0.500,URI=\"cam000000000_p0.m4s\",INDEPENDENT=YES\n");
        assertThat(playlist).contains("#EXT-X-PART:DURATION=0.500,URI=\"cam000000000_p3.m4s\"\n#EXTINF:2.000,\ncam000000000.m4s\n");
        assertThat(playlist).contains("#EXTINF:2.000,\ncam000000001.m4s\n#EXT-X-PART:DURATION=0.500,URI=\"cam000000002_p0.m4s\",INDEPENDENT=YES\n");
        assertThat(playlist).endsWith("#EXT-X-PART:DURATION=0.500,URI=\"cam000000002_p0.m4s\",INDEPENDENT=YES\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"cam000000002_p1.m4s\"\n");
        assertThat(init).matches("cam_\\d+_init\\.mp4");
        assertThat(playlist).doesNotContain("#EXT-X-ENDLIST");
        s.finish();
        assertThat(new String(stream.state().playlist(), StandardCharsets.UTF_8)).endsWith("cam000000002.m4s\n#EXT-X-ENDLIST\n");
    }

    @Test
    void aBlockingReloadIsAnsweredWhenTheAskedPartIsPublishedAndNotBefore() throws Exception {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 20, 30, SPS); // frames up to 0.63 s: part 0 of segment 0 is out
        assertThat(stream.awaitPlaylist(0, 0)).isCompleted();
        CompletableFuture<HlsStream.State> nextPart = stream.awaitPlaylist(0, 1);
        CompletableFuture<HlsStream.State> nextSegment = stream.awaitPlaylist(1, -1);
        assertThat(nextPart).isNotDone();
        assertThat(stream.waiting()).isEqualTo(2);

        feed(s, 20, 32, 30, SPS); // past 1.0 s: part 1 closes
        assertThat(nextPart).isCompleted();
        assertThat(new String(nextPart.get().playlist(), StandardCharsets.UTF_8)).contains("cam000000000_p1.m4s");
        assertThat(nextSegment).isNotDone();

        s.finish(); // the end answers every reader still waiting
        assertThat(nextSegment).isCompleted();
        assertThat(stream.waiting()).isZero();
    }

    @Test
    void aDeltaUpdateSkipsTheSegmentsOlderThanSixTargetDurations() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 30 * 20 + 5, 30, SPS); // ten segments of 2 s

        String delta = new String(stream.state().deltaPlaylist(), StandardCharsets.UTF_8);
        // 20 s listed, 12 s may not be skipped: the five oldest segments go.
        assertThat(delta).contains("#EXT-X-MEDIA-SEQUENCE:0\n").contains("#EXT-X-SKIP:SKIPPED-SEGMENTS=5\n");
        assertThat(delta).doesNotContain("cam000000004.m4s\n").contains("#EXTINF:2.000,\ncam000000005.m4s\n");
        assertThat(delta).contains("#EXT-X-MAP:URI=");
        String full = new String(stream.state().playlist(), StandardCharsets.UTF_8);
        assertThat(full).doesNotContain("EXT-X-SKIP").contains("cam000000000.m4s\n");
    }

    @Test
    void aSlidingWindowDropsOldSegmentsAndAnEventPlaylistKeepsListingThem() {
        HlsStream sliding = new HlsStream("cam", settings(3, "", 500));
        HlsSegmenter s = segmenter(sliding);
        feed(s, 0, 30 * 12 + 5, 30, SPS);
        assertThat(sliding.state().segments()).extracting(HlsStream.Segment::msn).containsExactly(3L, 4L, 5L);
        assertThat(new String(sliding.state().playlist(), StandardCharsets.UTF_8)).contains("#EXT-X-MEDIA-SEQUENCE:3\n");
        assertThat(sliding.content(sliding.state(), "cam000000000.m4s")).isNull();

        HlsStream event = new HlsStream("cam", settings(3, "event", 500));
        HlsSegmenter e = segmenter(event);
        feed(e, 0, 30 * 12 + 5, 30, SPS);
        assertThat(event.state().segments()).hasSize(6);
        assertThat(event.state().segments().get(0).data()).as("old bytes leave memory").isNull();
        assertThat(event.state().segments().get(5).data()).isNotNull();
        String playlist = new String(event.state().playlist(), StandardCharsets.UTF_8);
        assertThat(playlist).contains("#EXT-X-PLAYLIST-TYPE:EVENT\n").contains("cam000000000.m4s\n");
    }

    @Test
    void newParameterSetsStartANewSegmentWithItsOwnInitAfterADiscontinuity() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 45, 30, SPS);
        feed(s, 45, 120, 30, OTHER_SPS); // a keyframe with other parameter sets at frame 60
        s.finish();
        List<HlsStream.Segment> segments = stream.state().segments();
        assertThat(segments).hasSize(2);
        assertThat(segments.get(0).duration()).isEqualTo(2.0);
        assertThat(segments.get(1).discontinuity()).isTrue();
        assertThat(segments.get(1).map()).isNotEqualTo(segments.get(0).map());
        assertThat(stream.state().inits()).hasSize(2);
        assertThat(new String(stream.state().playlist(), StandardCharsets.UTF_8))
                .contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"" + segments.get(1).map() + "\"\n");
    }

    @Test
    void partsAndSegmentsAreFoundByTheirNamesAndAnUpcomingPartIsRecognised() {
        HlsStream stream = new HlsStream("cam", settings(15, "", 500));
        HlsSegmenter s = segmenter(stream);
        feed(s, 0, 90, 30, SPS); // segment 1 from 2 s: its part 0 is out, part 1 is being written
        HlsStream.State state = stream.state();
        assertThat(stream.content(state, "cam000000000.m4s")).isNotNull();
        HlsStream.Content part = stream.content(state, "cam000000001_p0.m4s");
        assertThat(new String(part.data(), part.offset(), part.length(), StandardCharsets.UTF_8)).startsWith("v180000k ");
        assertThat(stream.content(state, "cam000000001_p1.m4s")).isNull();
        assertThat(stream.isUpcomingPart(state, "cam000000001_p1.m4s")).isTrue();
        assertThat(stream.isUpcomingPart(state, "cam000000009_p0.m4s")).as("too far ahead").isFalse();
        assertThat(stream.content(state, "cam000000000.ts")).as("another format").isNull();
        assertThat(stream.content(state, "other000000000.m4s")).isNull();
        assertThat(stream.content(state, state.inits().get(0).name()).contentType()).isEqualTo("video/mp4");
    }

    @Test
    void theFilesFollowTheWindowAndAreDeletedAtTheEndWhenAsked(@TempDir Path folder) throws Exception {
        HlsSettings settings = settings(2, "", 500);
        HlsStream stream = new HlsStream("cam", settings);
        HlsSegmenter s = new HlsSegmenter(stream, true, null, (v, a) -> new TextFormat(v),
                new HlsFiles(folder, "cam", settings, true, true));
        feed(s, 0, 30 * 8 + 5, 30, SPS);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("cam.m3u8", "cam000000002.m4s", "cam000000003.m4s", stream.state().inits().get(0).name());
        }
        String onDisk = Files.readString(folder.resolve("cam.m3u8"));
        assertThat(onDisk).contains("#EXT-X-VERSION:7\n").doesNotContain("EXT-X-PART").contains("cam000000003.m4s\n");
        s.finish();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void withoutDeletionTheFilesStayWithAnEndedPlaylist(@TempDir Path folder) throws Exception {
        HlsSettings settings = settings(15, "", 500);
        HlsStream stream = new HlsStream("cam", settings);
        HlsSegmenter s = new HlsSegmenter(stream, true, null, (v, a) -> new TextFormat(v),
                new HlsFiles(folder, "cam", settings, false, false));
        feed(s, 0, 30 * 3, 30, SPS);
        s.finish();
        assertThat(Files.readString(folder.resolve("cam.m3u8"))).endsWith("cam000000001.m4s\n#EXT-X-ENDLIST\n");
        assertThat(folder.resolve("cam000000001.m4s")).exists();
    }

    @Test
    void anAudioOnlyStreamIsCutOnItsAudio() {
        HlsStream stream = new HlsStream("radio", settings(15, "", 500));
        HlsSegmenter s = new HlsSegmenter(stream, false, AudioSpecificConfig.lowComplexity(48_000, 2), (v, a) -> new TextFormat(v), listener);
        for (long t = 0; t < 48_000 * 5; t += 1024) {
            s.audio(new byte[] {9}, t, 1024);
        }
        s.finish();
        assertThat(stream.state().segments()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(stream.state().segments().get(0).duration()).isBetween(1.75, 2.1);
        assertThat(stream.state().segments().get(0).parts()).allSatisfy(p -> assertThat(p.duration()).isLessThanOrEqualTo(0.5));
    }
}
