package dev.osprey.record;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What Debian's ffprobe and ffmpeg say of a recorded file. */
final class MediaProbe {
    private static final Pattern STREAM = Pattern.compile("\\{[^{}]*\"codec_name\"[^{}]*}");
    private static final Pattern FIELD = Pattern.compile("\"(\\w+)\": \"?([^\",\\n]*)\"?");

    private MediaProbe() {
    }

    /** Each stream's fields (codec_name, duration, nb_read_packets, start_time) in file order. */
    static List<Map<String, String>> streams(Path file) throws IOException, InterruptedException {
        String json = run("/usr/bin/ffprobe", "-v", "error", "-count_packets", "-show_entries",
                "stream=codec_name,duration,nb_read_packets,start_time", "-of", "json", file.toString());
        List<Map<String, String>> streams = new ArrayList<>();
        Matcher m = STREAM.matcher(json);
        while (m.find()) {
            Map<String, String> fields = new LinkedHashMap<>();
            Matcher f = FIELD.matcher(m.group());
            while (f.find()) {
                fields.put(f.group(1), f.group(2));
            }
            streams.add(fields);
        }
        return streams;
    }

    /** The file's duration in seconds, as ffprobe reads it from the container. */
    static double duration(Path file) throws IOException, InterruptedException {
        String out = run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "format=duration", "-of",
                "default=noprint_wrappers=1:nokey=1", file.toString()).trim();
        return out.isEmpty() || out.equals("N/A") ? 0 : Double.parseDouble(out);
    }

    /** The value of the container's global tag {@code key} (empty when it has none). */
    static String tag(Path file, String key) throws IOException, InterruptedException {
        return run("/usr/bin/ffprobe", "-v", "error", "-show_entries", "format_tags=" + key, "-of",
                "default=noprint_wrappers=1:nokey=1", file.toString()).trim();
    }

    /** The duration of the stream with codec {@code codec}, from the stream or else the container. */
    static double streamDuration(Path file, String codec) throws IOException, InterruptedException {
        for (Map<String, String> s : streams(file)) {
            if (codec.equals(s.get("codec_name"))) {
                String d = s.get("duration");
                return d == null || d.equals("N/A") ? duration(file) : Double.parseDouble(d);
            }
        }
        throw new AssertionError("no " + codec + " stream in " + file);
    }

    /** What ffmpeg prints at log level error while decoding the whole file (nothing for a sound file). */
    static String decodingErrors(Path file) throws IOException, InterruptedException {
        return run("/usr/bin/ffmpeg", "-v", "error", "-threads", "1", "-i", file.toString(), "-f", "null", "-");
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return out;
    }
}
