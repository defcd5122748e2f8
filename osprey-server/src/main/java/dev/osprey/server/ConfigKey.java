package dev.osprey.server;

import java.util.Locale;
import java.util.Optional;

/**
 * Every configuration key Osprey understands. The same dotted name is used in {@code conf/osprey.yaml}
 * (as nested maps), on the command line ({@code --server.httpPort=5080}) and, in upper snake case
 * with an {@code OSPREY_} prefix, in the environment ({@code OSPREY_SERVER_HTTP_PORT=5080}).
 */
public enum ConfigKey {
    SERVER_HOST("server.host", "address the HTTP and HTTPS servers bind to"),
    SERVER_HTTP_PORT("server.httpPort", "HTTP + WebSocket port; 0 picks a free port"),
    SERVER_HTTPS_PORT("server.httpsPort", "HTTPS + secure WebSocket port, used when both PEM files exist"),
    SERVER_TLS_CERT("server.tlsCert", "PEM certificate (chain) for HTTPS"),
    SERVER_TLS_KEY("server.tlsKey", "PEM private key for HTTPS"),
    SERVER_ALLOWED_HOSTS("server.allowedHosts",
            "host names the REST API and console answer to besides localhost and this machine's names and addresses; * = any"),
    SERVER_REQUEST_TIMEOUT_MS("server.requestTimeoutMs",
            "ms a connection may go without sending a request (first one, or the next on a kept-alive connection)"),
    SERVER_MAX_CONNECTIONS_PER_ADDRESS("server.maxConnectionsPerAddress",
            "open TCP connections (WebSockets included) allowed per client address; 0 = no limit"),
    SERVER_CONNECTION_LIMIT_EXEMPT("server.connectionLimitExempt",
            "addresses / CIDR blocks (comma-separated) the per-address connection limit does not apply to"),
    APPLICATIONS("applications", "application names, each served at /{App}/"),
    MEDIA_UDP_PORT("media.udpPort", "the first UDP port of the media transport (media loop i uses media.udpPort + i); 0 picks free ports"),
    MEDIA_ADVERTISED_ADDRESS("media.advertisedAddress",
            "IP address put in ICE candidates; empty = server.host, or the first non-loopback address when that is 0.0.0.0"),
    MEDIA_PUBLISH_TIMEOUT_MS("media.publishTimeoutMs",
            "ms a publisher may go without an accepted offer or without media (and a viewer without connecting) before its session ends"),
    MEDIA_TEST_DROP_RATE("media.testDropRate",
            "test hook: fraction 0..1 of RTP packets dropped on every viewer's leg; keep 0"),
    MEDIA_TEST_PUBLISHER_DROP_RATE("media.testPublisherDropRate",
            "test hook: fraction 0..1 of RTP packets dropped on every publisher's leg; keep 0"),
    MEDIA_PROBE_FORWARDING_LATENCY("media.probeForwardingLatency",
            "true: time every forwarded packet inside the server and log the percentiles at shutdown"),
    MEDIA_LOOPS("media.loops",
            "media event loops, each with its own UDP port (media.udpPort + i); 0 = one per available processor"),
    RTMP_ENABLED("rtmp.enabled", "true: accept RTMP encoders (OBS, FFmpeg) on rtmp.port"),
    RTMP_PORT("rtmp.port", "RTMP ingest port (rtmp://HOST:PORT/{App}/{streamId}); 0 picks a free port"),
    RTMP_TLS_PORT("rtmp.tlsPort",
            "RTMPS ingest port (rtmps://HOST:PORT/...), used when server.tlsCert and server.tlsKey both exist; 0 picks a free port"),
    SRT_ENABLED("srt.enabled", "true: accept SRT encoders on srt.port (UDP)"),
    SRT_PORT("srt.port", "SRT ingest UDP port (srt://HOST:PORT?streamid={App}/{streamId}); 0 picks a free port"),
    SRT_LATENCY_MS("srt.latencyMs", "SRT receive latency in ms (the larger of this and the encoder's applies)"),
    SRT_PASSPHRASE("srt.passphrase", "SRT encryption passphrase (10 to 79 characters); empty = unencrypted callers only"),
    RECORDING_MIN_FREE_DISK_MB("recording.minFreeDiskMb",
            "MiB that must stay free on the VoD folder's disk: below it recordings stop and none start"),
    ICE_STUN_SERVER_URI("ice.stunServerUri", "stun: or turn: URI handed to clients in iceServerConfig"),
    ICE_TURN_USERNAME("ice.turnUsername", "TURN user name handed to clients"),
    ICE_TURN_CREDENTIAL("ice.turnCredential", "TURN password handed to clients"),
    ICE_TURN_SHARED_SECRET("ice.turnSharedSecret",
            "secret shared with the TURN server (coturn static-auth-secret): each client gets its own expiring credentials"),
    ICE_TURN_CREDENTIAL_TTL_SECONDS("ice.turnCredentialTtlSeconds",
            "seconds the credentials made with ice.turnSharedSecret stay valid"),
    WEBSOCKET_PING_INTERVAL_MS("websocket.pingIntervalMs", "ms between the server's pings on every WebSocket"),
    WEBSOCKET_IDLE_TIMEOUT_MS("websocket.idleTimeoutMs",
            "a WebSocket that sent nothing (no message, no pong) for this many ms is closed; 0 = never"),
    WEBSOCKET_MAX_CONNECTIONS_PER_ADDRESS("websocket.maxConnectionsPerAddress",
            "open WebSockets allowed from one client IP address, and as many WHIP/WHEP sessions; more are refused with HTTP 429; 0 = no limit"),
    WEBSOCKET_MAX_STREAMS_PER_CONNECTION("websocket.maxStreamsPerConnection",
            "publishes, plays, peer-to-peer joins and rooms one WebSocket may hold at once"),
    WEB_ROOT("web.root", "folder holding samples/ and node_modules/ with the JavaScript SDK"),
    STORE_DIR("store.dir", "folder of the per-application databases ({App}.mv.db)"),
    CONSOLE_ALLOWED_CIDR("console.allowedCIDR", "addresses / CIDR blocks allowed to open the console and /rest/v2 (comma-separated)");

    private final String key;
    private final String description;

    ConfigKey(String key, String description) {
        this.key = key;
        this.description = description;
    }

    /** The dotted name, e.g. {@code server.httpPort}. */
    public String key() {
        return key;
    }

    public String description() {
        return description;
    }

    /** The environment variable: {@code OSPREY_} + the key with dots as {@code _} and camelCase split, upper-cased. */
    public String envName() {
        StringBuilder name = new StringBuilder("OSPREY_");
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString().toUpperCase(Locale.ROOT);
    }

    public static Optional<ConfigKey> byKey(String key) {
        for (ConfigKey k : values()) {
            if (k.key.equals(key)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
