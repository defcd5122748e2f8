package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.osprey.record.hls.TsTestDemux.Packet;
import dev.osprey.record.hls.TsTestDemux.Pes;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three seconds of real H.264 and AAC from Debian's ffmpeg written as half-second chunks, the resulting
 * transport stream read back by ffprobe and decoded by ffmpeg.
 */
class TsFormatRealMediaTest {
    static final int CHUNK_TICKS = 45_000; // half a second at 90 kHz
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\": \"?([^\",\\n]*)\"?");

    @TempDir
    static Path sources;
    static List<MediaSample> accessUnits;
    static List<MediaSample> aacFrames;
    static H264Config video;
    static final AudioSpecificConfig AUDIO = AudioSpecificConfig.lowComplexity(48_000, 1);

    @TempDir
    Path dir;

    @BeforeAll
    static void encode() throws Exception {
        assumeTrue(Files.isExecutable(TsTestMedia.FFMPEG) && Files.isExecutable(TsTestMedia.FFPROBE),
                "Debian's ffmpeg and ffprobe are needed");
        accessUnits = TsTestMedia.accessUnits(sources);
        aacFrames = TsTestMedia.aacFrames(sources);
        video = H264Config.of(accessUnits.getFirst().data(), accessUnits.getFirst().data().length);
    }

    /** The media cut into chunks of half a second, each written by one call of {@code format}. */
    static List<byte[]> chunks(TsFormat format, List<MediaSample> units, List<MediaSample> frames) {
        List<byte[]> chunks = new ArrayList<>();
        long end = Math.max(units.isEmpty() ? 0 : units.getLast().time(), frames.getLast().time() * 90_000 / 48_000);
        for (long start = 0; start <= end; start += CHUNK_TICKS) {
            long from = start;
            List<MediaSample> v = units.stream().filter(s -> s.time() >= from && s.time() < from + CHUNK_TICKS).toList();
            List<MediaSample> a = frames.stream()
                    .filter(s -> s.time() * 90_000 / 48_000 >= from && s.time() * 90_000 / 48_000 < from + CHUNK_TICKS).toList();
            chunks.add(format.fragment(v, a));
        }
        return chunks;
    }

    Path write(List<byte[]> chunks) throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        Path file = dir.resolve("out.ts");
        Files.write(file, all.toByteArray());
        return file;
    }

    /** ffprobe's fields of each stream of {@code file}, counting the frames it decodes. */
    static List<Map<String, String>> probe(Path file) throws Exception {
        String json = TsTestMedia.run(TsTestMedia.FFPROBE.toString(), "-v", "error", "-show_streams", "-count_frames",
                "-of", "json", file.toString());
        List<Map<String, String>> streams = new ArrayList<>();
        // Each stream's object opens with its index; nested objects (disposition, tags) come after its fields.
        String[] parts = json.split("\"index\":");
        for (String part : Arrays.asList(parts).subList(1, parts.length)) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher f = FIELD.matcher(part);
            while (f.find()) {
                fields.putIfAbsent(f.group(1), f.group(2));
            }
            streams.add(fields);
        }
        return streams;
    }

    static double duration(Path file) throws Exception {
        return Double.parseDouble(TsTestMedia.run(TsTestMedia.FFPROBE.toString(), "-v", "error", "-show_entries",
                "format=duration", "-of", "default=noprint_wrappers=1:nokey=1", file.toString()).trim());
    }

    static String decodingErrors(Path file) throws Exception {
        return TsTestMedia.run(TsTestMedia.FFMPEG.toString(), "-v", "error", "-threads", "1", "-i", file.toString(),
                "-f", "null", "-");
    }

    void assertPlaysAsThreeSecondsOfVideoAndAudio(Path file) throws Exception {
        List<Map<String, String>> streams = probe(file);
        assertThat(streams).hasSize(2);
        assertThat(streams.get(0)).containsEntry("codec_name", "h264").containsEntry("width", "320")
                .containsEntry("height", "240").containsEntry("nb_read_frames", String.valueOf(accessUnits.size()));
        assertThat(streams.get(1)).containsEntry("codec_name", "aac").containsEntry("sample_rate", "48000")
                .containsEntry("channels", "1").containsEntry("nb_read_frames", String.valueOf(aacFrames.size()));
        assertThat(duration(file)).isCloseTo(3.0, within(0.1));
        assertThat(decodingErrors(file)).isEmpty();
    }

    @Test
    void writesChunksThatFfmpegPlaysAsThreeSecondsOfH264AndAac() throws Exception {
        assertThat(accessUnits).hasSize(90);
        assertThat(aacFrames.size()).isBetween(141, 143);

        assertPlaysAsThreeSecondsOfVideoAndAudio(write(chunks(new TsFormat(video, AUDIO), accessUnits, aacFrames)));
    }

    @Test
    void makesAccessUnitsWithoutAudSpsAndPpsPlayableByInsertingThem() throws Exception {
        List<MediaSample> stripped = accessUnits.stream().map(TsTestMedia::stripped).toList();
        assertThat(stripped).allSatisfy(u -> assertThat(TsTestMedia.nalTypes(u.data()))
                .doesNotContain(H264Payload.NAL_AUD, H264Payload.NAL_SPS, H264Payload.NAL_PPS));

        List<byte[]> chunks = chunks(new TsFormat(video, AUDIO), stripped, aacFrames);

        assertPlaysAsThreeSecondsOfVideoAndAudio(write(chunks));
        List<Packet> packets = new ArrayList<>();
        chunks.forEach(c -> packets.addAll(TsTestDemux.packets(c)));
        List<Pes> pes = TsTestDemux.pes(packets, 0x100);
        assertThat(pes).hasSize(90).allSatisfy(p -> {
            List<Integer> types = TsTestMedia.nalTypes(p.data());
            assertThat(types.getFirst()).isEqualTo(H264Payload.NAL_AUD);
            if (types.contains(H264Payload.NAL_IDR)) {
                int idr = types.indexOf(H264Payload.NAL_IDR); // after x264's SEI on the first keyframe
                assertThat(types.subList(idr - 2, idr)).containsExactly(H264Payload.NAL_SPS, H264Payload.NAL_PPS);
                assertThat(p.first().randomAccess()).isTrue();
            }
        });
        assertThat(pes).filteredOn(p -> p.first().randomAccess()).hasSize(3);
    }

    @Test
    void startsEveryChunkWithPatThenPmtAndKeepsCountersContinuousAcrossChunks() throws Exception {
        List<byte[]> chunks = chunks(new TsFormat(video, AUDIO), accessUnits, aacFrames);

        int[] expected = new int[0x2000];
        for (byte[] chunk : chunks) {
            List<Packet> packets = TsTestDemux.packets(chunk); // 188-byte packets with a sync byte, or it throws
            assertThat(packets.get(0).pid()).isEqualTo(0);
            assertThat(packets.get(1).pid()).isEqualTo(0x1000);
            for (Packet table : packets.subList(0, 2)) {
                byte[] section = TsTestDemux.section(table);
                assertThat(TsTestDemux.crc(section, section.length)).isZero();
            }
            for (Packet p : packets) {
                assertThat(p.continuity()).as("PID %x", p.pid()).isEqualTo(expected[p.pid()]);
                expected[p.pid()] = (expected[p.pid()] + 1) % 16;
            }
        }
        assertThat(expected[0]).isEqualTo(chunks.size() % 16);
    }

    @Test
    void writesAudioOnlyChunksWithTheClockOnTheAudioPid() throws Exception {
        Path file = write(chunks(new TsFormat(null, AUDIO), List.of(), aacFrames));

        List<Map<String, String>> streams = probe(file);
        assertThat(streams).hasSize(1);
        assertThat(streams.getFirst()).containsEntry("codec_name", "aac")
                .containsEntry("nb_read_frames", String.valueOf(aacFrames.size()));
        assertThat(decodingErrors(file)).isEmpty();
    }
}
