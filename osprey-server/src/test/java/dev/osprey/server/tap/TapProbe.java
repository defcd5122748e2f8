package dev.osprey.server.tap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.osprey.media.TapHandle;
import dev.osprey.media.frame.FrameTap;
import dev.osprey.media.service.MediaService;
import dev.osprey.server.Config;
import dev.osprey.server.ConfigLoader;
import dev.osprey.server.OspreyServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Osprey server (started like {@code osprey-server.jar}, same arguments) plus a control port on
 * 127.0.0.1 that puts a {@link FrameTap} with an FFmpeg decoder on a live stream, for the browser test
 * of frame taps (e2e/tests/frame-tap.test.mjs):
 * <ul>
 *   <li>{@code GET /start?app=A&stream=S[&videoLoss=0.05]}: waits up to 15 s for the stream to be live,
 *   starts the tap (behind a {@link LossyTap} when {@code videoLoss} is given);</li>
 *   <li>{@code GET /report?stream=S}: the tap's figures as JSON ({@link DecodingConsumer#report()});</li>
 *   <li>{@code GET /stop?stream=S}: stops the tap, waits for it to close, then reports.</li>
 * </ul>
 * Prints {@code TAP-PROBE control=URL} before the server's usual start line.
 */
public final class TapProbe {
    private record Running(TapHandle handle, DecodingConsumer consumer) {
    }

    private final OspreyServer server;
    private final Map<String, Running> taps = new ConcurrentHashMap<>();

    private TapProbe(OspreyServer server) {
        this.server = server;
    }

    public static void main(String[] args) throws IOException {
        long started = System.nanoTime();
        Config config = ConfigLoader.load(List.of(args), System.getenv());
        OspreyServer server = OspreyServer.start(config);
        TapProbe probe = new TapProbe(server);
        HttpServer control = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        control.createContext("/start", exchange -> probe.answer(exchange, probe::start));
        control.createContext("/report", exchange -> probe.answer(exchange, probe::report));
        control.createContext("/stop", exchange -> probe.answer(exchange, probe::stop));
        control.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            server.stop();
        }));
        System.out.println("TAP-PROBE control=http://127.0.0.1:" + control.getAddress().getPort());
        System.out.println("Osprey started in " + (System.nanoTime() - started) / 1_000_000 + " ms: http://"
                + config.host() + ":" + server.httpPort() + " (tap probe)");
    }

    private interface Handler {
        String handle(Map<String, String> query) throws Exception;
    }

    private void answer(HttpExchange exchange, Handler handler) throws IOException {
        int status = 200;
        String body;
        try {
            body = handler.handle(query(exchange.getRequestURI()));
        } catch (IllegalArgumentException e) {
            status = 404;
            body = "{\"error\":\"" + e.getMessage() + "\"}";
        } catch (Exception e) {
            status = 500;
            body = "{\"error\":\"" + e + "\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> q = new HashMap<>();
        String raw = uri.getQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        return q;
    }

    private String start(Map<String, String> query) throws InterruptedException {
        String stream = query.get("stream");
        MediaService media = server.media().service(query.getOrDefault("app", "LiveApp"));
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!media.isLive(stream)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("stream " + stream + " is not live");
            }
            Thread.sleep(20);
        }
        DecodingConsumer consumer = new DecodingConsumer();
        FrameTap tap = new FrameTap(consumer, FrameTap.Options.defaults());
        consumer.tap(tap);
        double videoLoss = Double.parseDouble(query.getOrDefault("videoLoss", "0"));
        Optional<TapHandle> handle = media.addTap(stream, "probe", videoLoss > 0 ? new LossyTap(tap, videoLoss) : tap);
        if (handle.isEmpty()) {
            throw new IllegalArgumentException("stream " + stream + " ended");
        }
        taps.put(stream, new Running(handle.get(), consumer));
        return "{\"started\":true}";
    }

    private Running running(Map<String, String> query) {
        Running r = taps.get(query.get("stream"));
        if (r == null) {
            throw new IllegalArgumentException("no tap on " + query.get("stream"));
        }
        return r;
    }

    private String report(Map<String, String> query) {
        Running r = running(query);
        return withHandle(r);
    }

    private String stop(Map<String, String> query) throws InterruptedException {
        Running r = running(query);
        r.handle.stop();
        r.handle.awaitClosed(Duration.ofSeconds(10));
        return withHandle(r);
    }

    private static String withHandle(Running r) {
        String report = r.consumer.report();
        return "{\"packetsDelivered\":" + r.handle.packetsDelivered() + ",\"packetsDropped\":"
                + r.handle.packetsDropped() + ",\"tapErrors\":" + r.handle.errors() + ",\"tap\":" + report + "}";
    }
}
