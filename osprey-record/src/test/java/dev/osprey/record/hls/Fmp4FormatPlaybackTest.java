package dev.osprey.record.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of an init segment and fragments from {@link Fmp4Format}, as Debian's ffprobe and ffmpeg read them. */
class Fmp4FormatPlaybackTest {
    /** Half a second of video per fragment, as a partial segment might hold. */
    private static final int PICTURES_PER_FRAGMENT = 15;

    @TempDir
    static Path dir;
    private static Fmp4SourceMedia media;

    @BeforeAll
    static void encodeTheInput() throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(Fmp4SourceMedia.FFMPEG) && Files.isExecutable(Fmp4SourceMedia.FFPROBE),
                "Debian's ffmpeg and ffprobe are not installed");
        media = Fmp4SourceMedia.encode(dir);
    }

    @Test
    void aFileOfHalfSecondFragmentsHoldsThreeSecondsOfH264AndAac() throws Exception {
        Path file = write("both.mp4", new Fmp4Format(media.videoConfig, media.audioConfig), true, true);

        Map<String, String> probe = probe(file);

        assertThat(probe).containsEntry("streams.stream.0.codec_name", "h264")
                .containsEntry("streams.stream.0.width", "320")
                .containsEntry("streams.stream.0.height", "240")
                .containsEntry("streams.stream.0.nb_read_frames", String.valueOf(media.accessUnits.size()))
                .containsEntry("streams.stream.1.codec_name", "aac")
                .containsEntry("streams.stream.1.sample_rate", "48000")
                .containsEntry("streams.stream.1.channels", "2")
                .containsEntry("streams.stream.1.nb_read_frames", String.valueOf(media.aacFrames.size()))
                .doesNotContainKey("streams.stream.2.codec_name");
        assertThat(media.accessUnits).hasSize(90);
        assertThat(Double.parseDouble(probe.get("format.duration"))).isCloseTo(3.0, within(0.1));
        assertThat(decodingErrors(file)).isEmpty();
    }

    @Test
    void anAudioOnlyFileHoldsEveryAacFrame() throws Exception {
        Path file = write("audio.mp4", new Fmp4Format(null, media.audioConfig), false, true);

        Map<String, String> probe = probe(file);

        assertThat(probe).containsEntry("streams.stream.0.codec_name", "aac")
                .containsEntry("streams.stream.0.nb_read_frames", String.valueOf(media.aacFrames.size()))
                .doesNotContainKey("streams.stream.1.codec_name");
        assertThat(Double.parseDouble(probe.get("format.duration"))).isCloseTo(3.0, within(0.1));
        assertThat(decodingErrors(file)).isEmpty();
    }

    @Test
    void aVideoOnlyFileHoldsEveryPicture() throws Exception {
        Path file = write("video.mp4", new Fmp4Format(media.videoConfig, null), true, false);

        Map<String, String> probe = probe(file);

        assertThat(probe).containsEntry("streams.stream.0.codec_name", "h264")
                .containsEntry("streams.stream.0.nb_read_frames", String.valueOf(media.accessUnits.size()))
                .doesNotContainKey("streams.stream.1.codec_name");
        assertThat(Double.parseDouble(probe.get("format.duration"))).isCloseTo(3.0, within(0.05));
        assertThat(decodingErrors(file)).isEmpty();
    }

    @Test
    void ffmpegPlaysAnHlsPlaylistOfTheInitSegmentAndOneFileAFragment() throws Exception {
        Fmp4Format format = new Fmp4Format(media.videoConfig, media.audioConfig);
        Path hls = Files.createDirectories(dir.resolve("hls"));
        Files.write(hls.resolve("init.mp4"), format.initSegment());
        StringBuilder playlist = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:1\n"
                + "#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI=\"init.mp4\"\n");
        List<byte[]> fragments = halfSecondFragments(format, true, true);
        for (int i = 0; i < fragments.size(); i++) {
            Files.write(hls.resolve(i + ".m4s"), fragments.get(i));
            playlist.append("#EXTINF:0.5,\n").append(i).append(".m4s\n");
        }
        Path index = hls.resolve("index.m3u8");
        Files.writeString(index, playlist.append("#EXT-X-ENDLIST\n"));

        Map<String, String> probe = probe(index);

        assertThat(probe).containsEntry("streams.stream.0.codec_name", "h264")
                .containsEntry("streams.stream.0.nb_read_frames", String.valueOf(media.accessUnits.size()))
                .containsEntry("streams.stream.1.codec_name", "aac")
                .containsEntry("streams.stream.1.nb_read_frames", String.valueOf(media.aacFrames.size()));
        assertThat(decodingErrors(index)).isEmpty();
    }

    /** Writes the init segment and then a fragment per half second of the chosen tracks to one file. */
    private static Path write(String name, Fmp4Format format, boolean video, boolean audio) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(format.initSegment());
        for (byte[] fragment : halfSecondFragments(format, video, audio)) {
            out.write(fragment);
        }
        Path file = dir.resolve(name);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** A fragment per half second of the input's chosen tracks. */
    private static List<byte[]> halfSecondFragments(Fmp4Format format, boolean video, boolean audio) {
        List<byte[]> fragments = new ArrayList<>();
        int audioFrom = 0;
        for (int picture = 0; picture < media.accessUnits.size(); picture += PICTURES_PER_FRAGMENT) {
            int pictureTo = picture + PICTURES_PER_FRAGMENT;
            boolean last = pictureTo >= media.accessUnits.size();
            // The audio frames that start before the fragment's video ends (all that remain in the last).
            long endSamples = (long) pictureTo * Fmp4SourceMedia.FRAME_TICKS * 48_000 / 90_000;
            int audioTo = last ? media.aacFrames.size()
                    : (int) Math.min(media.aacFrames.size(), Math.ceilDiv(endSamples, Fmp4SourceMedia.AAC_FRAME_SAMPLES));
            fragments.add(format.fragment(video ? media.videoSamples(picture, pictureTo) : null,
                    audio ? media.audioSamples(audioFrom, audioTo) : null));
            audioFrom = audioTo;
        }
        return fragments;
    }

    /** ffprobe's view of the streams and the container, as flat {@code key=value} pairs. */
    private static Map<String, String> probe(Path file) throws IOException, InterruptedException {
        String flat = Fmp4SourceMedia.run(Fmp4SourceMedia.FFPROBE.toString(), "-v", "error", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,sample_rate,channels,nb_read_frames:format=duration",
                "-of", "flat", file.toString());
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : flat.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                fields.put(line.substring(0, eq), line.substring(eq + 1).replace("\"", ""));
            }
        }
        return fields;
    }

    /** What ffmpeg prints at log level error while decoding the whole file. */
    private static String decodingErrors(Path file) throws IOException, InterruptedException {
        return Fmp4SourceMedia.run(Fmp4SourceMedia.FFMPEG.toString(), "-v", "error", "-threads", "1",
                "-i", file.toString(), "-f", "null", "-").trim();
    }
}
