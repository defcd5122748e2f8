package dev.osprey.record.hls;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real input for the fMP4 tests: Debian's ffmpeg encodes three seconds of a test pattern (H.264 in
 * Annex B with an access unit delimiter before each picture, 30 fps, a keyframe a second) and of a tone
 * (AAC-LC in ADTS, 48 kHz stereo), which are cut here into samples with their times.
 */
final class Fmp4SourceMedia {
    static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
    static final int FRAME_TICKS = 3000; // 30 fps at 90 kHz
    static final int AAC_FRAME_SAMPLES = 1024;

    final List<byte[]> accessUnits;
    final List<byte[]> aacFrames;
    final H264Config videoConfig;
    final AudioSpecificConfig audioConfig = AudioSpecificConfig.lowComplexity(48_000, 2);

    private Fmp4SourceMedia(List<byte[]> accessUnits, List<byte[]> aacFrames) {
        this.accessUnits = accessUnits;
        this.aacFrames = aacFrames;
        byte[] first = accessUnits.getFirst();
        this.videoConfig = H264Config.of(first, first.length);
    }

    /** Encodes the input in {@code dir}. */
    static Fmp4SourceMedia encode(Path dir) throws IOException, InterruptedException {
        Path video = dir.resolve("video.h264");
        Path audio = dir.resolve("audio.aac");
        run(FFMPEG.toString(), "-v", "error", "-y", "-threads", "1",
                "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30:duration=3",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=3",
                "-map", "0:v", "-c:v", "libx264", "-preset", "ultrafast", "-g", "30", "-bf", "0",
                "-pix_fmt", "yuv420p", "-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb", "-f", "h264",
                video.toString(),
                "-map", "1:a", "-c:a", "aac", "-ac", "2", "-f", "adts", audio.toString());
        return new Fmp4SourceMedia(splitAtDelimiters(Files.readAllBytes(video)),
                adtsPayloads(Files.readAllBytes(audio)));
    }

    /** The video samples from {@code from} (inclusive) to {@code to} (exclusive). */
    List<MediaSample> videoSamples(int from, int to) {
        List<MediaSample> samples = new ArrayList<>();
        for (int i = from; i < Math.min(to, accessUnits.size()); i++) {
            byte[] unit = accessUnits.get(i);
            samples.add(new MediaSample(unit, (long) i * FRAME_TICKS, FRAME_TICKS, isKeyframe(unit)));
        }
        return samples;
    }

    /** The audio samples from {@code from} (inclusive) to {@code to} (exclusive). */
    List<MediaSample> audioSamples(int from, int to) {
        List<MediaSample> samples = new ArrayList<>();
        for (int i = from; i < Math.min(to, aacFrames.size()); i++) {
            samples.add(new MediaSample(aacFrames.get(i), (long) i * AAC_FRAME_SAMPLES, AAC_FRAME_SAMPLES, true));
        }
        return samples;
    }

    static boolean isKeyframe(byte[] unit) {
        boolean[] idr = {false};
        AnnexB.forEachNal(unit, unit.length, (type, offset, length) -> idr[0] |= type == H264Payload.NAL_IDR);
        return idr[0];
    }

    /** Cuts an Annex B stream before each access unit delimiter (its start code included). */
    private static List<byte[]> splitAtDelimiters(byte[] stream) {
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 3 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 && (stream[i + 3] & 0x1F) == H264Payload.NAL_AUD) {
                starts.add(i > 0 && stream[i - 1] == 0 ? i - 1 : i);
            }
        }
        List<byte[]> units = new ArrayList<>();
        for (int k = 0; k < starts.size(); k++) {
            int end = k + 1 < starts.size() ? starts.get(k + 1) : stream.length;
            units.add(Arrays.copyOfRange(stream, starts.get(k), end));
        }
        return units;
    }

    /** The raw AAC frames of an ADTS stream: each without its 7-byte (or, with a CRC, 9-byte) header. */
    private static List<byte[]> adtsPayloads(byte[] stream) {
        List<byte[]> frames = new ArrayList<>();
        int at = 0;
        while (at + 7 <= stream.length) {
            if ((stream[at] & 0xFF) != 0xFF || (stream[at + 1] & 0xF0) != 0xF0) {
                throw new IllegalStateException("lost ADTS sync at " + at);
            }
            boolean crc = (stream[at + 1] & 1) == 0;
            int frameLength = (stream[at + 3] & 0x03) << 11 | (stream[at + 4] & 0xFF) << 3 | (stream[at + 5] & 0xE0) >> 5;
            int header = crc ? 9 : 7;
            frames.add(Arrays.copyOfRange(stream, at + header, at + frameLength));
            at += frameLength;
        }
        return frames;
    }

    /** Runs a command and returns what it printed (standard output and error together). */
    static String run(String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("fmp4-test", ".log");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(log.toFile()).start();
            // Waiting on the process, not on its output, so that a command that never ends fails the test.
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + String.join(" ", command));
            }
            String out = Files.readString(log);
            if (p.exitValue() != 0) {
                throw new IOException(command[0] + " failed: " + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
