package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.LoadTestOptions;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.net.UdpEventLoops;
import java.net.InetAddress;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every peer of a run shares: the options, one HTTP client for all WebSockets, one DTLS
 * certificate (generating a key per peer would dominate start-up), the encoded clip, the statistics,
 * one latency table per stream, a timer for retries and timeouts, and the few event loops that run
 * every peer's UDP socket.
 */
public final class PeerEnvironment implements AutoCloseable {
    public final LoadTestOptions options;
    public final HttpClient http;
    public final DtlsCertificate certificate = DtlsCertificate.generate();
    public final DtlsConfig dtls = DtlsConfig.defaults();
    public final IceClientConfig ice = IceClientConfig.defaults();
    /** Loopback when the server is local, else every interface. */
    public final InetAddress bindAddress;
    /** Null when this process runs no publisher. */
    public final MediaClip clip;
    public final RunStats stats = new RunStats();
    public final LatencyTags[] tags;
    public final ScheduledExecutorService timer;
    /** The few event loops every peer's UDP socket runs on (one socket per peer, threads shared). */
    public final UdpEventLoops loops;

    public PeerEnvironment(LoadTestOptions options, MediaClip clip, InetAddress bindAddress) {
        this.options = options;
        this.clip = clip;
        this.bindAddress = bindAddress;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.tags = new LatencyTags[options.streams()];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new LatencyTags();
        }
        this.loops = UdpEventLoops.create(options.clientThreads(), true);
        this.timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().name("loadtest-timer-", 0)
                .factory());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        http.close();
        loops.close();
    }
}
