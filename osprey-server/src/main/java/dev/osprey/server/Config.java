package dev.osprey.server;

import dev.osprey.server.rest.Cidr;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * The server's effective configuration. Build it with {@link ConfigLoader#load} (file, environment,
 * command line) or, when embedding, with {@link #of(Map)}; both validate every value.
 *
 * @param host           address to bind HTTP and HTTPS to
 * @param httpPort       HTTP + WebSocket port (0 = any free port)
 * @param httpsPort      HTTPS + WSS port (0 = any free port); used only when both PEM files exist
 * @param tlsCert        PEM certificate chain
 * @param tlsKey         PEM private key
 * @param applications   application names, in the configured order
 * @param mediaUdpPort   the UDP port of the media transport (0 = any free port)
 * @param mediaAdvertisedAddress the IP address in ICE candidates; "" = derived from {@code host}
 * @param mediaPublishTimeoutMs  a publisher without media (a viewer not connected) for this long ends
 * @param mediaTestDropRate      test hook: fraction of RTP packets dropped on viewer legs (0 in production)
 * @param mediaTestPublisherDropRate test hook: fraction of RTP packets dropped on publisher legs (0 in production)
 * @param mediaProbeForwardingLatency time every forwarded packet (a diagnostic, off by default)
 * @param stunServerUri  {@code stun:} or {@code turn:} URI for clients
 * @param turnUsername   TURN user, "" when none
 * @param turnCredential TURN password, "" when none
 * @param webRoot        folder with {@code samples/} and {@code node_modules/}
 * @param storeDir       folder of the per-application H2 databases
 * @param consoleAllowedCidr addresses / CIDR blocks allowed to use the console and {@code /rest/v2}
 * @param turnSharedSecret secret shared with the TURN server, "" for the static pair; when set each
 *                       client gets its own credentials valid for {@code turnCredentialTtlSeconds}
 * @param turnCredentialTtlSeconds lifetime of the credentials made with {@code turnSharedSecret}
 * @param webSocketPingIntervalMs  time between the server's pings on every WebSocket
 * @param webSocketIdleTimeoutMs   a WebSocket silent (no frame, no pong) this long is closed; 0 = never
 * @param webSocketMaxConnectionsPerAddress open WebSockets allowed per client IP; 0 = no limit
 * @param webSocketMaxStreamsPerConnection publishes, plays, P2P joins and rooms one WebSocket may hold
 * @param allowedHosts   further {@code Host} names the REST API and console answer to ({@code *}: any)
 * @param requestTimeoutMs a connection without a request for this long is closed (WebSockets excepted)
 * @param maxConnectionsPerAddress open HTTP connections (not WebSockets) allowed per client address, 0 = no limit
 * @param connectionLimitExempt addresses / CIDR blocks without a per-address connection limit
 * @param mediaLoops     media event loops, each with its own UDP port from {@code mediaUdpPort} on;
 *                       0 = one per available processor
 * @param rtmpEnabled    accept RTMP encoders
 * @param rtmpPort       the RTMP port, bound on {@code host} (0 = any free port)
 * @param rtmpTlsPort    the RTMPS port (0 = any free port); used only when both PEM files exist
 * @param srtEnabled     accept SRT encoders
 * @param srtPort        the SRT UDP port, bound on {@code host} (0 = any free port)
 * @param srtLatencyMs   SRT receive latency
 * @param srtPassphrase  SRT passphrase, "" for unencrypted callers
 * @param recordingMinFreeDiskMb recordings stop (and none start) while the VoD folder's disk has less free
 */
public record Config(String host, int httpPort, int httpsPort, Path tlsCert, Path tlsKey,
                     List<String> applications, int mediaUdpPort, String mediaAdvertisedAddress,
                     int mediaPublishTimeoutMs, double mediaTestDropRate, double mediaTestPublisherDropRate,
                     boolean mediaProbeForwardingLatency, String stunServerUri,
                     String turnUsername, String turnCredential, Path webRoot, Path storeDir,
                     String consoleAllowedCidr, String turnSharedSecret, int turnCredentialTtlSeconds,
                     int webSocketPingIntervalMs, int webSocketIdleTimeoutMs, int webSocketMaxConnectionsPerAddress,
                     int webSocketMaxStreamsPerConnection, List<String> allowedHosts, int requestTimeoutMs,
                     int maxConnectionsPerAddress, String connectionLimitExempt, int mediaLoops,
                     boolean rtmpEnabled, int rtmpPort, int rtmpTlsPort, boolean srtEnabled, int srtPort, int srtLatencyMs,
                     String srtPassphrase, int recordingMinFreeDiskMb) {

    private static final Pattern APP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HOST_NAME = Pattern.compile("\\*|[A-Za-z0-9_.-]{1,253}|\\[?[0-9A-Fa-f:.]+]?");

    /** Built-in defaults, the lowest layer below the file, the environment and the command line. */
    static final Map<ConfigKey, Object> DEFAULTS = defaultsByKey();

    public Config {
        requireText(ConfigKey.SERVER_HOST, host);
        requirePort(ConfigKey.SERVER_HTTP_PORT, httpPort);
        requirePort(ConfigKey.SERVER_HTTPS_PORT, httpsPort);
        requirePort(ConfigKey.MEDIA_UDP_PORT, mediaUdpPort);
        requirePort(ConfigKey.RTMP_PORT, rtmpPort);
        requirePort(ConfigKey.RTMP_TLS_PORT, rtmpTlsPort);
        requirePort(ConfigKey.SRT_PORT, srtPort);
        if (srtLatencyMs < 20 || srtLatencyMs > 10_000) {
            throw new ConfigException(ConfigKey.SRT_LATENCY_MS.key() + " must be 20..10000, got " + srtLatencyMs);
        }
        srtPassphrase = srtPassphrase == null ? "" : srtPassphrase;
        if (!srtPassphrase.isEmpty() && (srtPassphrase.length() < 10 || srtPassphrase.length() > 79)) {
            throw new ConfigException(ConfigKey.SRT_PASSPHRASE.key() + " must have 10 to 79 characters");
        }
        mediaAdvertisedAddress = mediaAdvertisedAddress == null ? "" : mediaAdvertisedAddress.trim();
        requireAddressLiteral(mediaAdvertisedAddress);
        if (mediaPublishTimeoutMs < 1_000) {
            throw new ConfigException(ConfigKey.MEDIA_PUBLISH_TIMEOUT_MS.key() + " must be at least 1000, got "
                    + mediaPublishTimeoutMs);
        }
        requireRate(ConfigKey.MEDIA_TEST_DROP_RATE, mediaTestDropRate);
        requireRate(ConfigKey.MEDIA_TEST_PUBLISHER_DROP_RATE, mediaTestPublisherDropRate);
        if (httpPort != 0 && httpPort == httpsPort) {
            throw new ConfigException(ConfigKey.SERVER_HTTPS_PORT.key() + " must differ from "
                    + ConfigKey.SERVER_HTTP_PORT.key() + " (both are " + httpPort + ")");
        }
        if (tlsCert == null || tlsKey == null || webRoot == null || storeDir == null) {
            throw new ConfigException("server.tlsCert, server.tlsKey, web.root and store.dir must be set");
        }
        requireText(ConfigKey.CONSOLE_ALLOWED_CIDR, consoleAllowedCidr);
        allowedHosts = List.copyOf(allowedHosts);
        requireHostNames(allowedHosts);
        if (requestTimeoutMs < 100) {
            throw new ConfigException(ConfigKey.SERVER_REQUEST_TIMEOUT_MS.key() + " must be at least 100, got "
                    + requestTimeoutMs);
        }
        if (maxConnectionsPerAddress < 0) {
            throw new ConfigException(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS.key()
                    + " must be 0 (no limit) or more, got " + maxConnectionsPerAddress);
        }
        connectionLimitExempt = connectionLimitExempt == null ? "" : connectionLimitExempt.trim();
        try {
            Cidr.parseList(connectionLimitExempt);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKey.SERVER_CONNECTION_LIMIT_EXEMPT.key() + ": " + e.getMessage());
        }
        applications = List.copyOf(applications);
        requireApplications(applications);
        requireIceUri(stunServerUri);
        turnUsername = turnUsername == null ? "" : turnUsername;
        turnCredential = turnCredential == null ? "" : turnCredential;
        turnSharedSecret = turnSharedSecret == null ? "" : turnSharedSecret;
        if (!turnSharedSecret.isEmpty() && !(turnUsername.isEmpty() && turnCredential.isEmpty())) {
            throw new ConfigException(ConfigKey.ICE_TURN_SHARED_SECRET.key() + " replaces "
                    + ConfigKey.ICE_TURN_USERNAME.key() + " and " + ConfigKey.ICE_TURN_CREDENTIAL.key()
                    + ": set either the secret or the static pair");
        }
        requireAtLeast(ConfigKey.ICE_TURN_CREDENTIAL_TTL_SECONDS, turnCredentialTtlSeconds, 60);
        requireAtLeast(ConfigKey.WEBSOCKET_PING_INTERVAL_MS, webSocketPingIntervalMs, 100);
        requireAtLeast(ConfigKey.WEBSOCKET_IDLE_TIMEOUT_MS, webSocketIdleTimeoutMs, 0);
        if (webSocketIdleTimeoutMs != 0 && webSocketIdleTimeoutMs < 2L * webSocketPingIntervalMs) {
            throw new ConfigException(ConfigKey.WEBSOCKET_IDLE_TIMEOUT_MS.key() + " must be 0 or at least twice "
                    + ConfigKey.WEBSOCKET_PING_INTERVAL_MS.key() + " (" + webSocketPingIntervalMs + "), got "
                    + webSocketIdleTimeoutMs);
        }
        requireAtLeast(ConfigKey.WEBSOCKET_MAX_CONNECTIONS_PER_ADDRESS, webSocketMaxConnectionsPerAddress, 0);
        requireAtLeast(ConfigKey.WEBSOCKET_MAX_STREAMS_PER_CONNECTION, webSocketMaxStreamsPerConnection, 1);
        requireAtLeast(ConfigKey.MEDIA_LOOPS, mediaLoops, 0);
        if (mediaUdpPort != 0 && mediaUdpPort + effectiveMediaLoops(mediaLoops) - 1 > 65_535) {
            throw new ConfigException(ConfigKey.MEDIA_LOOPS.key() + ": " + effectiveMediaLoops(mediaLoops)
                    + " ports from " + mediaUdpPort + " go beyond 65535");
        }
    }

    /** The media loops to run: {@code mediaLoops}, or one per available processor when it is 0. */
    public int effectiveMediaLoops() {
        return effectiveMediaLoops(mediaLoops);
    }

    private static int effectiveMediaLoops(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** The built-in defaults. */
    public static Config defaults() {
        return of(Map.of());
    }

    /** Components whose values are secrets: shown masked by {@link #toString()}. */
    private static final Set<String> SECRET_COMPONENTS = Set.of("turnCredential", "turnSharedSecret", "srtPassphrase");

    /** The record's usual text with the secrets masked, since configurations end up in logs and test reports. */
    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "Config[", "]");
        for (RecordComponent component : Config.class.getRecordComponents()) {
            Object value;
            try {
                value = component.getAccessor().invoke(this);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            boolean hidden = SECRET_COMPONENTS.contains(component.getName()) && !String.valueOf(value).isEmpty();
            text.add(component.getName() + "=" + (hidden ? "********" : value));
        }
        return text.toString();
    }

    /**
     * Defaults overridden by {@code settings} (dotted key → value: String, Number or, for
     * {@code applications}, a List or a comma-separated String).
     *
     * @throws ConfigException for an unknown key or a bad value
     */
    public static Config of(Map<String, ?> settings) {
        Map<ConfigKey, ConfigValue> values = new EnumMap<>(ConfigKey.class);
        settings.forEach((key, value) -> {
            ConfigKey k = ConfigKey.byKey(key).orElseThrow(() -> new ConfigException("unknown configuration key '" + key + "'"));
            values.put(k, new ConfigValue(value, "settings"));
        });
        return from(values);
    }

    /** Converts layered raw values (missing keys take their default) into a validated config. */
    static Config from(Map<ConfigKey, ConfigValue> values) {
        ConfigReader r = new ConfigReader(values);
        return new Config(
                r.text(ConfigKey.SERVER_HOST),
                r.port(ConfigKey.SERVER_HTTP_PORT),
                r.port(ConfigKey.SERVER_HTTPS_PORT),
                r.path(ConfigKey.SERVER_TLS_CERT),
                r.path(ConfigKey.SERVER_TLS_KEY),
                r.applications(),
                r.port(ConfigKey.MEDIA_UDP_PORT),
                r.textOrEmpty(ConfigKey.MEDIA_ADVERTISED_ADDRESS),
                r.integer(ConfigKey.MEDIA_PUBLISH_TIMEOUT_MS),
                r.decimal(ConfigKey.MEDIA_TEST_DROP_RATE),
                r.decimal(ConfigKey.MEDIA_TEST_PUBLISHER_DROP_RATE),
                r.bool(ConfigKey.MEDIA_PROBE_FORWARDING_LATENCY),
                r.iceUri(),
                r.textOrEmpty(ConfigKey.ICE_TURN_USERNAME),
                r.textOrEmpty(ConfigKey.ICE_TURN_CREDENTIAL),
                r.path(ConfigKey.WEB_ROOT),
                r.path(ConfigKey.STORE_DIR),
                r.text(ConfigKey.CONSOLE_ALLOWED_CIDR),
                r.textOrEmpty(ConfigKey.ICE_TURN_SHARED_SECRET),
                r.atLeast(ConfigKey.ICE_TURN_CREDENTIAL_TTL_SECONDS, 60),
                r.atLeast(ConfigKey.WEBSOCKET_PING_INTERVAL_MS, 100),
                r.atLeast(ConfigKey.WEBSOCKET_IDLE_TIMEOUT_MS, 0),
                r.atLeast(ConfigKey.WEBSOCKET_MAX_CONNECTIONS_PER_ADDRESS, 0),
                r.atLeast(ConfigKey.WEBSOCKET_MAX_STREAMS_PER_CONNECTION, 1),
                r.list(ConfigKey.SERVER_ALLOWED_HOSTS),
                r.integer(ConfigKey.SERVER_REQUEST_TIMEOUT_MS),
                r.integer(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS),
                r.textOrEmpty(ConfigKey.SERVER_CONNECTION_LIMIT_EXEMPT),
                r.atLeast(ConfigKey.MEDIA_LOOPS, 0),
                r.bool(ConfigKey.RTMP_ENABLED),
                r.port(ConfigKey.RTMP_PORT),
                r.port(ConfigKey.RTMP_TLS_PORT),
                r.bool(ConfigKey.SRT_ENABLED),
                r.port(ConfigKey.SRT_PORT),
                r.integer(ConfigKey.SRT_LATENCY_MS),
                r.textOrEmpty(ConfigKey.SRT_PASSPHRASE),
                r.atLeast(ConfigKey.RECORDING_MIN_FREE_DISK_MB, 0));
    }

    private static void requireRate(ConfigKey key, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new ConfigException(key.key() + " must be in [0, 1), got " + rate);
        }
    }

    static void requireAtLeast(ConfigKey key, int value, int min) {
        if (value < min) {
            throw new ConfigException(key.key() + " must be at least " + min + ", got " + value);
        }
    }

    static void requireText(ConfigKey key, String value) {
        if (value == null || value.isBlank()) {
            throw new ConfigException(key.key() + " must not be empty");
        }
    }

    static void requirePort(ConfigKey key, int port) {
        if (port < 0 || port > 65_535) {
            throw new ConfigException(key.key() + " must be a port number 0..65535, got " + port);
        }
    }

    /** Empty, or an IPv4/IPv6 literal (a host name would need a lookup and could not go into a candidate). */
    static void requireAddressLiteral(String address) {
        if (!address.isEmpty() && !address.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            throw new ConfigException(ConfigKey.MEDIA_ADVERTISED_ADDRESS.key() + " must be an IP address, got '"
                    + address + "'");
        }
    }

    static void requireApplications(List<String> applications) {
        if (applications.isEmpty()) {
            throw new ConfigException("applications must name at least one application");
        }
        var seen = new HashSet<String>();
        for (String app : applications) {
            if (!APP_NAME.matcher(app).matches()) {
                throw new ConfigException("applications: '" + app + "' is not a valid name (1-64 of A-Z a-z 0-9 _ -)");
            }
            if (!seen.add(app)) {
                throw new ConfigException("applications: '" + app + "' is listed twice");
            }
        }
    }

    /** Host names or IP literals (IPv6 with or without brackets), or {@code *}. */
    static void requireHostNames(List<String> hosts) {
        for (String host : hosts) {
            if (!HOST_NAME.matcher(host).matches()) {
                throw new ConfigException(ConfigKey.SERVER_ALLOWED_HOSTS.key() + ": '" + host
                        + "' is not a host name, an IP address or *");
            }
        }
    }

    static void requireIceUri(String uri) {
        if (uri == null || !(uri.startsWith("stun:") || uri.startsWith("turn:") || uri.startsWith("turns:"))
                || uri.indexOf(':') == uri.length() - 1) {
            throw new ConfigException(ConfigKey.ICE_STUN_SERVER_URI.key()
                    + " must be a stun:, turn: or turns: URI, got '" + uri + "'");
        }
    }

    private static Map<ConfigKey, Object> defaultsByKey() {
        Map<ConfigKey, Object> d = new EnumMap<>(ConfigKey.class);
        d.put(ConfigKey.SERVER_HOST, "0.0.0.0");
        d.put(ConfigKey.SERVER_HTTP_PORT, 5080);
        d.put(ConfigKey.SERVER_HTTPS_PORT, 5443);
        d.put(ConfigKey.SERVER_TLS_CERT, "conf/tls/cert.pem");
        d.put(ConfigKey.SERVER_TLS_KEY, "conf/tls/key.pem");
        d.put(ConfigKey.APPLICATIONS, List.of("LiveApp", "WebRTCAppEE"));
        d.put(ConfigKey.MEDIA_UDP_PORT, 50_000);
        d.put(ConfigKey.MEDIA_ADVERTISED_ADDRESS, "");
        d.put(ConfigKey.MEDIA_PUBLISH_TIMEOUT_MS, 10_000);
        d.put(ConfigKey.MEDIA_TEST_DROP_RATE, 0);
        d.put(ConfigKey.MEDIA_TEST_PUBLISHER_DROP_RATE, 0);
        d.put(ConfigKey.MEDIA_PROBE_FORWARDING_LATENCY, false);
        d.put(ConfigKey.MEDIA_LOOPS, 0);
        d.put(ConfigKey.RTMP_ENABLED, true);
        d.put(ConfigKey.RTMP_PORT, 1935);
        d.put(ConfigKey.RTMP_TLS_PORT, 1936);
        d.put(ConfigKey.SRT_ENABLED, true);
        d.put(ConfigKey.SRT_PORT, 4200);
        d.put(ConfigKey.SRT_LATENCY_MS, 120);
        d.put(ConfigKey.SRT_PASSPHRASE, "");
        d.put(ConfigKey.RECORDING_MIN_FREE_DISK_MB, 1024);
        d.put(ConfigKey.ICE_STUN_SERVER_URI, "stun:stun1.l.google.com:19302");
        d.put(ConfigKey.ICE_TURN_USERNAME, "");
        d.put(ConfigKey.ICE_TURN_CREDENTIAL, "");
        d.put(ConfigKey.WEB_ROOT, "web");
        d.put(ConfigKey.STORE_DIR, "data");
        d.put(ConfigKey.CONSOLE_ALLOWED_CIDR, "127.0.0.1,::1");
        d.put(ConfigKey.ICE_TURN_SHARED_SECRET, "");
        d.put(ConfigKey.ICE_TURN_CREDENTIAL_TTL_SECONDS, 86_400);
        d.put(ConfigKey.WEBSOCKET_PING_INTERVAL_MS, 20_000);
        d.put(ConfigKey.WEBSOCKET_IDLE_TIMEOUT_MS, 60_000);
        d.put(ConfigKey.WEBSOCKET_MAX_CONNECTIONS_PER_ADDRESS, 2_000);
        d.put(ConfigKey.WEBSOCKET_MAX_STREAMS_PER_CONNECTION, 64);
        d.put(ConfigKey.SERVER_ALLOWED_HOSTS, List.of());
        d.put(ConfigKey.SERVER_REQUEST_TIMEOUT_MS, 10_000);
        d.put(ConfigKey.SERVER_MAX_CONNECTIONS_PER_ADDRESS, 200);
        d.put(ConfigKey.SERVER_CONNECTION_LIMIT_EXEMPT, "127.0.0.1,::1");
        return Map.copyOf(d);
    }
}
