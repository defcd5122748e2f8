package dev.osprey.server;

import dev.osprey.ingest.broadcast.FfmpegAudioTranscoding;
import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.server.ingest.EngineIngestTarget;
import dev.osprey.server.ingest.IngestListeners;
import dev.osprey.server.media.DataChannelSettingsSource;
import dev.osprey.server.media.MediaPlane;
import dev.osprey.server.media.SfuMediaEngine;
import dev.osprey.server.rest.LiveMedia;
import dev.osprey.server.rest.MediaServiceLiveMedia;
import dev.osprey.server.rest.ServerServices;
import dev.osprey.server.rest.StreamControl;
import dev.osprey.server.store.StoreException;
import dev.osprey.server.whip.WebRtcHttpEndpoints;
import dev.osprey.signaling.SignalingApplication;
import dev.osprey.signaling.SignalingConfig;
import dev.osprey.signaling.SignalingTimer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToIntFunction;

/**
 * A running Osprey server: HTTP + WebSocket (and HTTPS + WSS when the PEM files exist) for every
 * configured application. {@link #start(Config)} returns once all ports are bound; {@link #stop()}
 * shuts down gracefully. Embeddable: tests start it with {@code server.httpPort=0} and read
 * {@link #httpPort()}.
 */
public final class OspreyServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OspreyServer.class);

    /**
     * Text messages up to this size reach the signalling layer, which refuses those above
     * {@link SignalingConfig#AMS_MAX_MESSAGE_CHARS} with a protocol error; larger ones are cut off by
     * Vert.x, which closes the socket with 1009 (message too big).
     */
    public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 1 << 20;
    /** Time given to {@code server_will_stop} frames to reach the clients before sockets close. */
    static final long SHUTDOWN_FLUSH_MILLIS = 200;
    private static final long CLOSE_HANDSHAKE_MILLIS = 1000;
    private static final long START_TIMEOUT_SECONDS = 30;
    private static final long STOP_TIMEOUT_SECONDS = 10;
    /** Time given to queued store writes and webhook calls at a graceful stop. */
    private static final long DRAIN_SECONDS = 5;

    private final Config config;
    private final Vertx vertx;
    private final Map<String, SignalingApplication> applications;
    private final Set<ServerWebSocket> openSockets;
    private final MediaPlane media;
    private final int httpPort;
    private final int httpsPort;
    private final ServerServices services;
    private final IngestListeners ingest;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private OspreyServer(Config config, Vertx vertx, Map<String, SignalingApplication> applications,
                         Set<ServerWebSocket> openSockets, MediaPlane media, int httpPort, int httpsPort,
                         ServerServices services, IngestListeners ingest) {
        this.ingest = ingest;
        this.config = config;
        this.vertx = vertx;
        this.applications = applications;
        this.openSockets = openSockets;
        this.media = media;
        this.httpPort = httpPort;
        this.httpsPort = httpsPort;
        this.services = services;
    }

    /**
     * Binds every port and returns the running server.
     *
     * @throws ConfigException      when the TLS files cannot be used
     * @throws ServerStartException when a port cannot be bound
     */
    public static OspreyServer start(Config config) {
        Map<String, SignalingApplication> applications = new LinkedHashMap<>();
        SignalingConfig signalingConfig = signalingConfig(config);
        // The three slow, independent parts of a start (opening the databases, and on a first start
        // hashing the generated admin password; the media plane's DTLS certificates; Vert.x and Netty
        // with their native transport) overlap: together they are most of the time to the first WebSocket.
        ServerServices services;
        MediaPlane media;
        Vertx vertx;
        try (var parts = new ParallelStart()) {
            var servicesPart = parts.submit("services", () -> openServices(config), ServerServices::close);
            var mediaPart = parts.submit("media", () -> MediaPlane.start(config), MediaPlane::close);
            var vertxPart = parts.runHere(() -> Vertx.vertx(vertxOptions()), Vertx::close);
            parts.awaitAll();
            services = servicesPart.get();
            media = mediaPart.get();
            vertx = vertxPart.get();
        }
        IngestListeners ingest = null;
        try {
            SignalingTimer timer = timerOf(vertx);
            Map<String, IngestTarget> ingestTargets = new LinkedHashMap<>();
            Map<String, SfuMediaEngine> engines = new LinkedHashMap<>();
            for (String name : config.applications()) {
                media.service(name).dataChannelSettings(DataChannelSettingsSource.of(services.data(name)));
                media.service(name).dataMessageListener(services.dataChannelWebhook(name));
                services.recordings(name).attach(media.service(name));
                services.hls(name).attach(media.service(name));
                SfuMediaEngine engine = new SfuMediaEngine(media.service(name));
                SignalingApplication app = new SignalingApplication(name, signalingConfig, engine,
                        services.lifecycle(name), services.guard(name), timer);
                applications.put(name, app);
                ingestTargets.put(name, new EngineIngestTarget(app, engine));
                engines.put(name, engine);
            }
            boolean tls = tlsEnabled(config);
            Set<ServerWebSocket> openSockets = ConcurrentHashMap.newKeySet();
            var bridge = new WebSocketBridge(Collections.unmodifiableMap(applications), openSockets,
                    new ConnectionsPerAddress(config.webSocketMaxConnectionsPerAddress()),
                    config.webSocketPingIntervalMs(), config.webSocketIdleTimeoutMs());
            HttpServerOptions http = baseOptions(config).setPort(sharedPort(config.httpPort(), -1));
            HttpServerOptions https = tls
                    ? baseOptions(config).setPort(sharedPort(config.httpsPort(), -2)).setSsl(true)
                            .setKeyCertOptions(new PemKeyCertOptions()
                                    .setCertPath(config.tlsCert().toString()).setKeyPath(config.tlsKey().toString()))
                    : null;
            Map<String, StreamControl> controls = new LinkedHashMap<>();
            applications.forEach((name, app) -> controls.put(name, app::stopPublish));
            Map<String, LiveMedia> liveMedia = new LinkedHashMap<>();
            applications.keySet().forEach(name -> liveMedia.put(name, new MediaServiceLiveMedia(media.service(name))));
            Map<String, ToIntFunction<String>> viewerCounts = new LinkedHashMap<>();
            applications.forEach((name, app) -> viewerCounts.put(name, app::viewerCount));
            services.attach(vertx, controls, liveMedia, viewerCounts);
            var httpConnections = new ConnectionsPerAddress(config.maxConnectionsPerAddress());
            var webRtcHttp = new WebRtcHttpEndpoints(vertx, Collections.unmodifiableMap(applications), engines,
                    new ConnectionsPerAddress(config.webSocketMaxConnectionsPerAddress()));
            List<HttpVerticle> instances = new CopyOnWriteArrayList<>();
            int count = Math.max(1, Runtime.getRuntime().availableProcessors());
            await(vertx.deployVerticle(() -> {
                var verticle = new HttpVerticle(config, http, https, bridge, services, httpConnections, webRtcHttp);
                instances.add(verticle);
                return verticle;
            }, new DeploymentOptions().setInstances(count)));
            // After HTTPS, which reports unusable TLS files first.
            ingest = IngestListeners.start(config, ingestTargets, new FfmpegAudioTranscoding(),
                    tls ? new IngestListeners.TlsFiles(config.tlsCert(), config.tlsKey()) : null);
            int httpPort = instances.getFirst().httpPort();
            int httpsPort = instances.getFirst().httpsPort();
            if (!vertx.isNativeTransportEnabled()) {
                LOG.info("native epoll transport unavailable, using NIO: {}", vertx.unavailableNativeTransportCause().toString());
            }
            LOG.info("RTMP ingest: {}", ingest.rtmpPort() < 0 ? "off" : "port " + ingest.rtmpPort());
            if (ingest.rtmpsPort() >= 0) {
                LOG.info("RTMPS ingest: port {}", ingest.rtmpsPort());
            }
            LOG.info("SRT ingest: {}", ingest.srtPort() < 0 ? "off" : "port " + ingest.srtPort());
            return new OspreyServer(config, vertx, applications, openSockets, media, httpPort, httpsPort, services,
                    ingest);
        } catch (RuntimeException e) {
            if (ingest != null) {
                ingest.close();
            }
            vertx.close();
            media.close();
            services.close();
            throw e;
        }
    }

    /**
     * Vert.x's worker pool runs the REST handlers and its internal pool file-system calls; their default
     * 20 threads each would mostly sit idle with a stack and a malloc arena apiece.
     */
    static VertxOptions vertxOptions() {
        int blockingThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        return new VertxOptions()
                .setPreferNativeTransport(true)
                .setWorkerPoolSize(blockingThreads)
                .setInternalBlockingPoolSize(blockingThreads)
                // Serve files straight from disk: no classpath lookup, no ".vertx" cache folder in the working directory.
                .setFileSystemOptions(new FileSystemOptions().setClassPathResolvingEnabled(false).setFileCachingEnabled(false));
    }

    /** The signalling settings every application shares. */
    private static SignalingConfig signalingConfig(Config config) {
        return new SignalingConfig(config.stunServerUri(), config.turnUsername(), config.turnCredential(),
                SignalingConfig.AMS_MAX_MESSAGE_CHARS)
                // One setting, Ant Media's webRTCClientStartTimeoutMs: the media plane's start timeout
                // takes over from the signalling's once an offer is accepted.
                .withPublishTimeoutMs(config.mediaPublishTimeoutMs())
                .withMaxStreamsPerConnection(config.webSocketMaxStreamsPerConnection())
                .withTurnSharedSecret(config.turnSharedSecret(), config.turnCredentialTtlSeconds());
    }

    /** Signalling deadlines as Vert.x timers: they run on the event loop of the socket that set them. */
    private static SignalingTimer timerOf(Vertx vertx) {
        return (delayMillis, task) -> {
            long id = vertx.setTimer(Math.max(1, delayMillis), ignored -> task.run());
            return () -> vertx.cancelTimer(id);
        };
    }

    private static ServerServices openServices(Config config) {
        try {
            return ServerServices.open(config.storeDir(), config.applications(), config.consoleAllowedCidr(),
                    config.recordingMinFreeDiskMb());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.CONSOLE_ALLOWED_CIDR.key() + ": " + e.getMessage());
        } catch (StoreException e) {
            throw new ServerStartException(e.getMessage() + " (" + ConfigKey.STORE_DIR.key() + ")", e);
        }
    }

    /**
     * Vert.x shares one listening socket among the instances that bind the same port; for "any free
     * port" that only happens with a negative port (each distinct negative value is one shared random port).
     */
    private static int sharedPort(int port, int sharedRandom) {
        return port == 0 ? sharedRandom : port;
    }

    static final int WEBSOCKET_CLOSING_TIMEOUT_SECONDS = 2;

    private static HttpServerOptions baseOptions(Config config) {
        return new HttpServerOptions()
                .setHost(config.host())
                .setMaxWebSocketFrameSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                // A client that answers a close frame does so at once; one that does not (it stopped
                // reading) is cut off after this many seconds instead of Vert.x's default 10.
                .setWebSocketClosingTimeout(WEBSOCKET_CLOSING_TIMEOUT_SECONDS)
                // No HTTP/2 upgrade on plain HTTP: browsers never ask for it, and large static files
                // served over an upgraded connection failed now and then with HTTP/2 frame errors.
                // Clients that ask (the JDK's HttpClient does by default) get HTTP/1.1.
                .setHttp2ClearTextEnabled(false);
    }

    private static boolean tlsEnabled(Config config) {
        boolean cert = Files.isRegularFile(config.tlsCert());
        boolean key = Files.isRegularFile(config.tlsKey());
        if (cert != key) {
            LOG.warn("HTTPS disabled: {} exists but {} does not", cert ? config.tlsCert() : config.tlsKey(),
                    cert ? config.tlsKey() : config.tlsCert());
        }
        return cert && key;
    }

    /** Blocks the (non-event-loop) caller until the future completes; unwraps start failures into their clear types. */
    private static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ConfigException c) {
                throw c;
            }
            if (cause instanceof ServerStartException s) {
                throw s;
            }
            throw new ServerStartException("server failed to start: " + cause, cause);
        } catch (TimeoutException e) {
            throw new ServerStartException("server did not start within " + START_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartException("interrupted while starting", e);
        }
    }

    /** The bound HTTP + WebSocket port. */
    public int httpPort() {
        return httpPort;
    }

    /** The bound RTMP port, empty when RTMP is off. */
    public OptionalInt rtmpPort() {
        return ingest.rtmpPort() < 0 ? OptionalInt.empty() : OptionalInt.of(ingest.rtmpPort());
    }

    /** The bound RTMPS port, empty when RTMP or TLS is off. */
    public OptionalInt rtmpsPort() {
        return ingest.rtmpsPort() < 0 ? OptionalInt.empty() : OptionalInt.of(ingest.rtmpsPort());
    }

    /** The bound SRT (UDP) port, empty when SRT is off. */
    public OptionalInt srtPort() {
        return ingest.srtPort() < 0 ? OptionalInt.empty() : OptionalInt.of(ingest.srtPort());
    }

    /** The bound HTTPS + WSS port, empty when TLS is off (no PEM files). */
    public OptionalInt httpsPort() {
        return httpsPort < 0 ? OptionalInt.empty() : OptionalInt.of(httpsPort);
    }

    public Config config() {
        return config;
    }

    /** The applications by name, in configured order. */
    public Map<String, SignalingApplication> applications() {
        return Collections.unmodifiableMap(applications);
    }

    /** The data stores, broadcast lifecycles and webhooks of the applications. */
    public ServerServices services() {
        return services;
    }

    /** The media plane: UDP port, per-application media services. */
    public MediaPlane media() {
        return media;
    }

    /** Number of open WebSockets over all applications. */
    public int openWebSockets() {
        return openSockets.size();
    }

    /**
     * Graceful stop: every application tells its clients {@code server_will_stop}, the frames get
     * {@value #SHUTDOWN_FLUSH_MILLIS} ms to leave, then the sockets (1001 "going away") and the media
     * plane close; queued store writes and webhook calls get up to {@value #DRAIN_SECONDS} s, then
     * the servers and Vert.x close, then the stores. Idempotent; call it from a plain thread, never
     * from an event loop.
     */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        for (SignalingApplication app : applications.values()) {
            try {
                app.notifyShutdown();
            } catch (RuntimeException e) {
                LOG.warn("{}: shutdown notification failed", app.name(), e);
            }
        }
        try {
            Thread.sleep(SHUTDOWN_FLUSH_MILLIS);
            for (ServerWebSocket socket : openSockets) {
                socket.close((short) 1001, "Server is shutting down");
            }
            // Well-behaved clients answer the close frame at once; do not let one silent peer hold the exit.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_HANDSHAKE_MILLIS);
            while (!openSockets.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            ingest.close();
            media.close();
            // The stream events media.close() ended are written and reported while Vert.x still runs.
            services.drain(DRAIN_SECONDS, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        } finally {
            services.close();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
