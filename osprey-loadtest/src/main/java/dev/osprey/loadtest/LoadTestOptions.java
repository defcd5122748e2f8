package dev.osprey.loadtest;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The command line of a load test run. Options take {@code --key value} or {@code --key=value};
 * {@link #parse} throws {@link UsageException} with a message fit for the user on any mistake.
 */
public record LoadTestOptions(URI url, Dialect dialect, Mode mode, int streams, int viewersPerStream,
                              double rampPerSecond, Duration duration, Codec codec, long bitrate, int width,
                              int height, int fps, boolean dataChannel, String streamPrefix, long serverPid,
                              double maxFailures, String jsonFile, boolean allowRemote, boolean quiet,
                              Duration setupTimeout, long janusMountpointBase, boolean janusCreateMountpoints,
                              int janusRtpPortBase, int clientThreads, boolean allowLocalInterfaces,
                              int warmupViewers) {

    /** Which signalling protocol the server speaks. */
    public enum Dialect { AMS, JANUS_STREAMING }

    /** Which peers this process runs. */
    public enum Mode { PUBLISHER, PLAYER, BOTH }

    /** The video codec publishers send (audio is always Opus). */
    public enum Codec { VP8, H264 }

    /** A command-line mistake. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = """
            usage: osprey loadtest [options]
              --url URL                   WebSocket URL (default ws://127.0.0.1:5080/LiveApp/websocket;
                                          janus-streaming: ws://127.0.0.1:8188/janus)
              --dialect ams|janus-streaming   signalling protocol (default ams)
              --mode publisher|player|both    peers to run (default both)
              --streams N                 streams, one publisher each (default 1)
              --viewers-per-stream M      viewers per stream (default 10)
              --ramp R/s                  peers started per second (default 50/s)
              --duration D                run time from the first peer's start, e.g. 60s, 2m (default 60s)
              --codec vp8|h264            video codec (default vp8); audio is Opus
              --bitrate B                 video bitrate, e.g. 1500k, 2M (default 1500k)
              --size WxH                  video size (default 1280x720)
              --fps N                     video frame rate (default 30)
              --datachannel               negotiate a data channel section too
              --stream-prefix P           stream ids are P1..PN (default loadtest)
              --server-pid PID            sample this process's CPU and RSS (default: the process
                                          listening on the URL's port, when on this machine)
              --max-failures F            allowed failed-peer fraction, e.g. 0.01 or 1% (default 0)
              --setup-timeout D           a peer not receiving media by then has failed (default 15s)
              --json FILE                 also write the summary JSON to FILE
              --allow-remote              allow a server that is not on the loopback interface
              --allow-local-interfaces    also use media candidates on this host's own interface
                                          addresses (for servers that gather no loopback candidate,
                                          such as Janus; meant for a private network namespace)
              --quiet                     no progress line
              --janus-mountpoint ID       first mountpoint id (janus-streaming; default 1000)
              --janus-create              create the RTP mountpoints and feed them from this process
              --janus-rtp-port P          first RTP port for created mountpoints (default 20000)
              --client-threads N          event-loop threads shared by every peer's UDP socket
                                          (default: the number of cores)
              --warmup-viewers N          player mode: first run N viewers at the ramp rate and stop
                                          them, uncounted, so that this process's JIT is warm and
                                          set-up figures measure the server (default 0)
            """;

    public static LoadTestOptions parse(List<String> args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = List.of("--datachannel", "--allow-remote", "--allow-local-interfaces", "--quiet", "--janus-create", "--help");
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            String key = eq < 0 ? arg : arg.substring(0, eq);
            String value;
            if (flags.contains(key)) {
                value = eq < 0 ? "true" : arg.substring(eq + 1);
            } else if (eq >= 0) {
                value = arg.substring(eq + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new UsageException("missing value for " + key);
            }
            values.put(key, value);
        }
        if (values.containsKey("--help")) {
            throw new UsageException("");
        }
        Options o = new Options(values);
        Dialect dialect = o.enumValue("--dialect", Dialect.class, "ams");
        String defaultUrl = dialect == Dialect.AMS
                ? "ws://127.0.0.1:5080/LiveApp/websocket" : "ws://127.0.0.1:8188/janus";
        URI url;
        try {
            url = new URI(o.string("--url", defaultUrl));
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("bad --url: " + e.getMessage());
        }
        if (!"ws".equals(url.getScheme()) && !"wss".equals(url.getScheme()) || url.getHost() == null) {
            throw new UsageException("--url must be ws://HOST:PORT/... or wss://...");
        }
        String size = o.string("--size", "1280x720");
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        if (wh.length != 2) {
            throw new UsageException("--size must be WIDTHxHEIGHT");
        }
        int width = Options.intOf("--size", wh[0], 16, 3840);
        int height = Options.intOf("--size", wh[1], 16, 2160);
        if (width % 2 != 0 || height % 2 != 0) {
            throw new UsageException("--size must have even width and height");
        }
        LoadTestOptions options = new LoadTestOptions(url, dialect,
                o.enumValue("--mode", Mode.class, "both"),
                o.integer("--streams", 1, 1, 10_000),
                o.integer("--viewers-per-stream", 10, 0, 100_000),
                o.rate("--ramp", "50/s"),
                o.duration("--duration", "60s"),
                o.enumValue("--codec", Codec.class, "vp8"),
                o.bitrate("--bitrate", "1500k"),
                width, height,
                o.integer("--fps", 30, 1, 120),
                o.flag("--datachannel"),
                o.string("--stream-prefix", "loadtest"),
                o.integer("--server-pid", 0, 0, Integer.MAX_VALUE),
                o.fraction("--max-failures", "0"),
                o.string("--json", null),
                o.flag("--allow-remote"),
                o.flag("--quiet"),
                o.duration("--setup-timeout", "15s"),
                o.integer("--janus-mountpoint", 1000, 1, Integer.MAX_VALUE),
                o.flag("--janus-create"),
                o.integer("--janus-rtp-port", 20000, 1024, 65000),
                o.integer("--client-threads", Runtime.getRuntime().availableProcessors(), 1, 256),
                o.flag("--allow-local-interfaces"),
                o.integer("--warmup-viewers", 0, 0, 10_000));
        if (!options.streamPrefix().matches("[A-Za-z0-9_.-]+")) {
            throw new UsageException("--stream-prefix may only hold letters, digits, '_', '.' and '-'");
        }
        if (dialect == Dialect.JANUS_STREAMING && options.mode() != Mode.PLAYER && !options.janusCreateMountpoints()) {
            throw new UsageException("janus-streaming publishers feed RTP mountpoints: add --janus-create, "
                    + "or use --mode player against existing mountpoints");
        }
        if (options.warmupViewers() > 0 && options.mode() != Mode.PLAYER) {
            throw new UsageException("--warmup-viewers needs --mode player (a publisher of this process would "
                    + "be counted twice)");
        }
        List<String> unknown = new ArrayList<>(values.keySet());
        unknown.removeAll(o.read);
        if (!unknown.isEmpty()) {
            throw new UsageException("unknown option " + unknown.get(0));
        }
        return options;
    }

    /** Total peers this process will start. */
    public int plannedPeers() {
        int publishers = mode == Mode.PLAYER ? 0 : streams;
        int viewers = mode == Mode.PUBLISHER ? 0 : streams * viewersPerStream;
        return publishers + viewers;
    }

    /** The stream id of stream {@code index} (0-based). */
    public String streamId(int index) {
        return streamPrefix + (index + 1);
    }

    /** Reads typed values and remembers which keys were read, so unknown ones can be reported. */
    private static final class Options {
        private final Map<String, String> values;
        private final List<String> read = new ArrayList<>();

        Options(Map<String, String> values) {
            this.values = values;
        }

        String string(String key, String fallback) {
            read.add(key);
            return values.getOrDefault(key, fallback);
        }

        boolean flag(String key) {
            String v = string(key, "false");
            return !"false".equalsIgnoreCase(v);
        }

        int integer(String key, int fallback, int min, int max) throws UsageException {
            String v = string(key, null);
            return v == null ? fallback : intOf(key, v, min, max);
        }

        static int intOf(String key, String v, int min, int max) throws UsageException {
            try {
                int n = Integer.parseInt(v.trim());
                if (n < min || n > max) {
                    throw new UsageException(key + " must be between " + min + " and " + max);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new UsageException(key + " must be a whole number, not " + v);
            }
        }

        <E extends Enum<E>> E enumValue(String key, Class<E> type, String fallback) throws UsageException {
            String v = string(key, fallback);
            try {
                return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UsageException("bad " + key + ": " + v);
            }
        }

        double rate(String key, String fallback) throws UsageException {
            String v = string(key, fallback).trim().toLowerCase(Locale.ROOT);
            if (v.endsWith("/s")) {
                v = v.substring(0, v.length() - 2);
            }
            double r = number(key, v);
            if (r <= 0) {
                throw new UsageException(key + " must be positive");
            }
            return r;
        }

        Duration duration(String key, String fallback) throws UsageException {
            String v = string(key, fallback).trim().toLowerCase(Locale.ROOT);
            double scale;
            if (v.endsWith("ms")) {
                scale = 1;
                v = v.substring(0, v.length() - 2);
            } else if (v.endsWith("s")) {
                scale = 1000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                scale = 60_000;
                v = v.substring(0, v.length() - 1);
            } else {
                scale = 1000;
            }
            double millis = number(key, v) * scale;
            if (millis <= 0 || millis > 24 * 3600_000.0) {
                throw new UsageException(key + " must be between 1 ms and 24 h");
            }
            return Duration.ofMillis(Math.round(millis));
        }

        long bitrate(String key, String fallback) throws UsageException {
            String v = string(key, fallback).trim().toLowerCase(Locale.ROOT);
            double scale = 1;
            if (v.endsWith("k")) {
                scale = 1_000;
                v = v.substring(0, v.length() - 1);
            } else if (v.endsWith("m")) {
                scale = 1_000_000;
                v = v.substring(0, v.length() - 1);
            }
            double bps = number(key, v) * scale;
            if (bps < 50_000 || bps > 50_000_000) {
                throw new UsageException(key + " must be between 50k and 50M");
            }
            return Math.round(bps);
        }

        double fraction(String key, String fallback) throws UsageException {
            String v = string(key, fallback).trim();
            double f = v.endsWith("%") ? number(key, v.substring(0, v.length() - 1)) / 100 : number(key, v);
            if (f < 0 || f > 1) {
                throw new UsageException(key + " must be between 0 and 1 (or 0% and 100%)");
            }
            return f;
        }

        private static double number(String key, String v) throws UsageException {
            try {
                double d = Double.parseDouble(v);
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw new UsageException(key + ": not a number: " + v);
            }
        }
    }
}
