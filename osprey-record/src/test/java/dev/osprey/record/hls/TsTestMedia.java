package dev.osprey.record.hls;

import dev.osprey.webrtc.rtp.codec.AnnexB;
import dev.osprey.webrtc.rtp.codec.H264Payload;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real encoded media for the transport stream tests: Debian's ffmpeg encodes three seconds of a test
 * pattern (H.264, 30 fps, a keyframe a second, an AUD before every access unit) and of a tone (AAC-LC,
 * 48 kHz mono), which are cut into access units at their AUDs and into raw AAC frames.
 */
final class TsTestMedia {
    static final Path FFMPEG = Path.of("/usr/bin/ffmpeg");
    static final Path FFPROBE = Path.of("/usr/bin/ffprobe");
    static final int FRAME_TICKS = 3000; // 30 fps at 90 kHz
    static final int AAC_FRAME = 1024;

    private TsTestMedia() {
    }

    /** The access units of an Annex B file, each starting at its AUD, 33.3 ms apart, keyframes flagged. */
    static List<MediaSample> accessUnits(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("video.h264");
        run(FFMPEG.toString(), "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "3",
                "-c:v", "libx264", "-g", "30", "-bf", "0", "-x264-params", "aud=1", "-bsf:v", "h264_mp4toannexb",
                "-f", "h264", file.toString());
        byte[] stream = Files.readAllBytes(file);
        List<Integer> starts = new ArrayList<>();
        for (int i = 0; i + 4 < stream.length; i++) {
            if (stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 0 && stream[i + 3] == 1
                    && (stream[i + 4] & 0x1F) == H264Payload.NAL_AUD) {
                starts.add(i);
            }
        }
        starts.add(stream.length);
        List<MediaSample> units = new ArrayList<>();
        for (int i = 0; i + 1 < starts.size(); i++) {
            byte[] unit = Arrays.copyOfRange(stream, starts.get(i), starts.get(i + 1));
            units.add(new MediaSample(unit, (long) i * FRAME_TICKS, FRAME_TICKS, nalTypes(unit).contains(H264Payload.NAL_IDR)));
        }
        return units;
    }

    /** The raw AAC frames of an ADTS file (headers stripped), 1024 samples apart at 48 kHz. */
    static List<MediaSample> aacFrames(Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("audio.aac");
        run(FFMPEG.toString(), "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", "3", "-c:a", "aac", "-f", "adts", file.toString());
        byte[] stream = Files.readAllBytes(file);
        List<MediaSample> frames = new ArrayList<>();
        int p = 0;
        while (p + 7 <= stream.length) {
            if ((stream[p] & 0xFF) != 0xFF || (stream[p + 1] & 0xF0) != 0xF0) {
                throw new IOException("no ADTS sync word at " + p);
            }
            int header = (stream[p + 1] & 1) != 0 ? 7 : 9;
            int length = (stream[p + 3] & 3) << 11 | (stream[p + 4] & 0xFF) << 3 | (stream[p + 5] & 0xFF) >> 5;
            frames.add(new MediaSample(Arrays.copyOfRange(stream, p + header, p + length),
                    (long) frames.size() * AAC_FRAME, AAC_FRAME, true));
            p += length;
        }
        return frames;
    }

    /** The access unit without its AUD, SPS and PPS, as a WebRTC publisher may send keyframes. */
    static MediaSample stripped(MediaSample unit) {
        byte[] data = unit.data();
        byte[] out = new byte[data.length];
        int[] size = {0};
        AnnexB.forEachNal(data, data.length, (type, offset, length) -> {
            if (type != H264Payload.NAL_AUD && type != H264Payload.NAL_SPS && type != H264Payload.NAL_PPS) {
                out[size[0] + 2] = 1;
                System.arraycopy(data, offset, out, size[0] + 3, length);
                size[0] += 3 + length;
            }
        });
        return new MediaSample(Arrays.copyOf(out, size[0]), unit.time(), unit.duration(), unit.sync());
    }

    /** The NAL unit types of an Annex B access unit, in order. */
    static List<Integer> nalTypes(byte[] unit) {
        List<Integer> types = new ArrayList<>();
        AnnexB.forEachNal(unit, unit.length, (type, offset, length) -> types.add(type));
        return types;
    }

    /** Runs a command and returns what it printed (stdout and stderr together). */
    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
