package dev.osprey.ingest.ts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Makes real transport streams with Debian's ffmpeg: 3 s of test pattern and a 1 kHz tone. */
final class FfmpegTs {
    static final String FFMPEG = "/usr/bin/ffmpeg";

    private FfmpegTs() {
    }

    /** H.264 (GOP of 25, no B-frames) and AAC at 44.1 kHz. */
    static byte[] h264AndAac(Path dir) throws Exception {
        return encode(dir.resolve("h264.ts"), List.of("-c:v", "libx264", "-g", "25", "-bf", "0", "-c:a", "aac"));
    }

    /** H.265 (GOP of 25, no B-frames) and AAC at 44.1 kHz. */
    static byte[] h265AndAac(Path dir) throws Exception {
        return encode(dir.resolve("h265.ts"), List.of("-c:v", "libx265", "-g", "25", "-bf", "0",
                "-x265-params", "log-level=error", "-c:a", "aac"));
    }

    /** AAC only: the same input with the video left out. */
    static byte[] aacOnly(Path dir) throws Exception {
        return encode(dir.resolve("aac.ts"), List.of("-vn", "-c:a", "aac"));
    }

    static boolean hasEncoder(String name) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(FFMPEG, "-hide_banner", "-encoders").redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(30, TimeUnit.SECONDS);
        // Lines read " V....D libx265              libx265 H.265 / HEVC (codec hevc)".
        return out.lines().map(String::trim).anyMatch(line -> line.matches("\\S+\\s+" + name + "\\s.*"));
    }

    private static byte[] encode(Path out, List<String> codecs) throws Exception {
        List<String> command = new ArrayList<>(List.of(FFMPEG, "-hide_banner", "-loglevel", "error", "-y",
                "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
                "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "3"));
        command.addAll(codecs);
        command.addAll(List.of("-f", "mpegts", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(log).isZero();
        return Files.readAllBytes(out);
    }
}
