package dev.osprey.server.vod;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.server.store.StoreJson;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Reads a file with {@code ffprobe} and says whether it is audio or video media, and how long it runs.
 * Only the demuxers of the container formats a VoD may have are allowed, so that text, images or
 * playlists pointing elsewhere (HLS, concat) are never opened as media.
 */
public final class MediaProbe {

    /** Demuxers of mp4/mov, webm/mkv, avi, mp3 and wmv/asf. */
    static final String FORMATS = "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,mp3,asf";
    static final long TIMEOUT_SECONDS = 30;
    /** ffprobe's JSON answer for one file is small; more is not read. */
    private static final int MAX_OUTPUT_BYTES = 64 * 1024;

    private final String ffprobe;

    /** @param ffprobe the ffprobe executable, e.g. {@code /usr/bin/ffprobe} */
    public MediaProbe(String ffprobe) {
        this.ffprobe = ffprobe;
    }

    /** Debian's {@code /usr/bin/ffprobe}. */
    public static MediaProbe system() {
        return new MediaProbe("/usr/bin/ffprobe");
    }

    /**
     * What ffprobe found in a media file.
     *
     * @param durationMs the container's duration, 0 when it does not say
     */
    public record Media(boolean hasVideo, boolean hasAudio, long durationMs) {
    }

    /**
     * The media in {@code file}; empty when it is not a file of an allowed format with at least one
     * audio or video stream (or ffprobe failed or took longer than {@value #TIMEOUT_SECONDS} s).
     *
     * @throws IOException when ffprobe cannot be started
     */
    public Optional<Media> probe(Path file) throws IOException {
        // Output to a file, not a pipe: a hung ffprobe must not block a reader past the timeout.
        Path output = Files.createTempFile("osprey-probe", ".json");
        Process process = null;
        try {
            process = new ProcessBuilder(List.of(ffprobe, "-v", "error", "-format_whitelist", FORMATS,
                    "-show_entries", "format=duration:stream=codec_type", "-of", "json", file.toAbsolutePath().toString()))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0
                    || Files.size(output) > MAX_OUTPUT_BYTES) {
                return Optional.empty();
            }
            return parse(Files.readAllBytes(output));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            Files.deleteIfExists(output);
        }
    }

    static Optional<Media> parse(byte[] json) {
        JsonNode root;
        try {
            root = StoreJson.MAPPER.readTree(json);
        } catch (IOException e) {
            return Optional.empty();
        }
        boolean video = false;
        boolean audio = false;
        for (JsonNode stream : root.path("streams")) {
            String type = stream.path("codec_type").asText();
            video |= type.equals("video");
            audio |= type.equals("audio");
        }
        if (!video && !audio) {
            return Optional.empty();
        }
        long durationMs = 0;
        try {
            durationMs = Math.round(Double.parseDouble(root.path("format").path("duration").asText("0")) * 1000);
        } catch (NumberFormatException e) {
            // "N/A": the container does not say
        }
        return Optional.of(new Media(video, audio, Math.max(0, durationMs)));
    }
}
