package dev.osprey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("osprey.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsWhenNothingIsGiven() {
        Config config = ConfigLoader.load(List.of(), Map.of());
        assertThat(config).isEqualTo(Config.defaults());
        assertThat(config.host()).isEqualTo("0.0.0.0");
        assertThat(config.httpPort()).isEqualTo(5080);
        assertThat(config.httpsPort()).isEqualTo(5443);
        assertThat(config.tlsCert()).isEqualTo(Path.of("conf/tls/cert.pem"));
        assertThat(config.tlsKey()).isEqualTo(Path.of("conf/tls/key.pem"));
        assertThat(config.applications()).containsExactly("LiveApp", "WebRTCAppEE");
        assertThat(config.mediaUdpPort()).isEqualTo(50_000);
        assertThat(config.stunServerUri()).isEqualTo("stun:stun1.l.google.com:19302");
        assertThat(config.turnUsername()).isEmpty();
        assertThat(config.turnCredential()).isEmpty();
        assertThat(config.webRoot()).isEqualTo(Path.of("web"));
    }

    @Test
    void theCommittedFileStatesExactlyTheDefaults() {
        Config config = ConfigLoader.load(List.of("--config=../conf/osprey.yaml"), Map.of());
        assertThat(config).isEqualTo(Config.defaults());
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefault() throws IOException {
        Path file = yaml("""
                server:
                  httpPort: 6000
                  httpsPort: 6443
                media:
                  udpPort: 40000
                """);
        String config = "--config=" + file;
        Map<String, String> env = Map.of("OSPREY_SERVER_HTTP_PORT", "7000", "OSPREY_SERVER_HTTPS_PORT", "7443");
        List<String> cli = List.of(config, "--server.httpPort=8000");

        Config all = ConfigLoader.load(cli, env);
        assertThat(all.httpPort()).isEqualTo(8000);        // command line
        assertThat(all.httpsPort()).isEqualTo(7443);       // environment
        assertThat(all.mediaUdpPort()).isEqualTo(40_000);  // file
        assertThat(all.host()).isEqualTo("0.0.0.0");       // default

        assertThat(ConfigLoader.load(List.of(config), env).httpPort()).isEqualTo(7000);
        assertThat(ConfigLoader.load(List.of(config), Map.of()).httpPort()).isEqualTo(6000);
    }

    @Test
    void environmentNamesAreUpperSnakeCase() {
        assertThat(ConfigKey.SERVER_HTTP_PORT.envName()).isEqualTo("OSPREY_SERVER_HTTP_PORT");
        assertThat(ConfigKey.SERVER_TLS_CERT.envName()).isEqualTo("OSPREY_SERVER_TLS_CERT");
        assertThat(ConfigKey.APPLICATIONS.envName()).isEqualTo("OSPREY_APPLICATIONS");
        assertThat(ConfigKey.MEDIA_UDP_PORT.envName()).isEqualTo("OSPREY_MEDIA_UDP_PORT");
        assertThat(ConfigKey.ICE_STUN_SERVER_URI.envName()).isEqualTo("OSPREY_ICE_STUN_SERVER_URI");
        assertThat(ConfigKey.ICE_TURN_CREDENTIAL.envName()).isEqualTo("OSPREY_ICE_TURN_CREDENTIAL");
        assertThat(ConfigKey.WEB_ROOT.envName()).isEqualTo("OSPREY_WEB_ROOT");

        Config config = ConfigLoader.load(List.of(), Map.of(
                "OSPREY_ICE_STUN_SERVER_URI", "turn:turn.example.org:3478",
                "OSPREY_ICE_TURN_USERNAME", "user",
                "OSPREY_ICE_TURN_CREDENTIAL", "pass",
                "OSPREY_APPLICATIONS", "One, Two",
                "OSPREY_WEB_ROOT", "/srv/web",
                "OSPREY_JAVA_OPTS", "-Xmx1g")); // unknown OSPREY_ variables belong to the launcher: ignored
        assertThat(config.stunServerUri()).isEqualTo("turn:turn.example.org:3478");
        assertThat(config.turnUsername()).isEqualTo("user");
        assertThat(config.turnCredential()).isEqualTo("pass");
        assertThat(config.applications()).containsExactly("One", "Two");
        assertThat(config.webRoot()).isEqualTo(Path.of("/srv/web"));
        assertThat(config.toString()).contains("turnUsername=user", "turnCredential=********", "webRoot=/srv/web")
                .doesNotContain("pass");
    }

    @Test
    void configFileFromEnvironmentAndCommandLine() throws IOException {
        Path fromEnv = yaml("server:\n  host: 127.0.0.2\n");
        Path fromCli = dir.resolve("other.yaml");
        Files.writeString(fromCli, "server:\n  host: 127.0.0.3\n");

        assertThat(ConfigLoader.load(List.of(), Map.of("OSPREY_CONFIG", fromEnv.toString())).host()).isEqualTo("127.0.0.2");
        assertThat(ConfigLoader.load(List.of("--config=" + fromCli), Map.of("OSPREY_CONFIG", fromEnv.toString())).host())
                .isEqualTo("127.0.0.3");
    }

    @Test
    void applicationsAsYamlListOrCommaSeparated() throws IOException {
        Path file = yaml("applications:\n  - Alpha\n  - Beta_2\n  - gamma-3\n");
        assertThat(ConfigLoader.load(List.of("--config=" + file), Map.of()).applications())
                .containsExactly("Alpha", "Beta_2", "gamma-3");
        assertThat(ConfigLoader.load(List.of("--config=" + file, "--applications=X,Y"), Map.of()).applications())
                .containsExactly("X", "Y");
        Path single = yaml("applications: Solo\n");
        assertThat(ConfigLoader.load(List.of("--config=" + single), Map.of()).applications()).containsExactly("Solo");
    }

    @Test
    void hostNamesAndConnectionLimitsAreReadAndChecked() throws IOException {
        Path file = yaml("server:\n  allowedHosts:\n    - stream.example.com\n    - \"[2001:db8::1]\"\n"
                + "  requestTimeoutMs: 2500\n  maxConnectionsPerAddress: 0\n  connectionLimitExempt: 10.0.0.0/8\n");
        Config config = ConfigLoader.load(List.of("--config=" + file), Map.of());
        assertThat(config.allowedHosts()).containsExactly("stream.example.com", "[2001:db8::1]");
        assertThat(config.requestTimeoutMs()).isEqualTo(2500);
        assertThat(config.maxConnectionsPerAddress()).isZero();
        assertThat(config.connectionLimitExempt()).isEqualTo("10.0.0.0/8");
        assertThat(ConfigLoader.load(List.of("--server.allowedHosts=a.example, *"), Map.of()).allowedHosts())
                .containsExactly("a.example", "*");
        assertThat(Config.defaults().allowedHosts()).isEmpty();
        assertThat(Config.defaults().requestTimeoutMs()).isEqualTo(10_000);
        assertThat(Config.defaults().maxConnectionsPerAddress()).isEqualTo(200);
        assertThat(Config.defaults().connectionLimitExempt()).isEqualTo("127.0.0.1,::1");

        assertError(List.of("--server.allowedHosts=evil.example/path"), Map.of(),
                "server.allowedHosts: 'evil.example/path' is not a host name, an IP address or *");
        assertError(List.of("--server.requestTimeoutMs=50"), Map.of(), "server.requestTimeoutMs must be at least 100, got 50");
        assertError(List.of("--server.maxConnectionsPerAddress=-1"), Map.of(),
                "server.maxConnectionsPerAddress must be 0 (no limit) or more, got -1");
        assertError(List.of("--server.connectionLimitExempt=10.0.0.0/40"), Map.of(),
                "server.connectionLimitExempt: '10.0.0.0/40' has an invalid prefix length");
    }

    @Test
    void emptyYamlValuesMeanEmptyTurnCredentials() throws IOException {
        Path file = yaml("ice:\n  turnUsername:\n  turnCredential: \"\"\n");
        Config config = ConfigLoader.load(List.of("--config=" + file), Map.of());
        assertThat(config.turnUsername()).isEmpty();
        assertThat(config.turnCredential()).isEmpty();
    }

    @Test
    void emptyFileMeansDefaults() throws IOException {
        Path file = yaml("# nothing set\n");
        assertThat(ConfigLoader.load(List.of("--config=" + file), Map.of())).isEqualTo(Config.defaults());
    }

    @Test
    void badValuesNameTheKeyAndTheirSource() throws IOException {
        assertError(List.of("--server.httpPort=abc"), Map.of(),
                "server.httpPort must be a port number 0..65535, got 'abc' (from --server.httpPort)");
        assertError(List.of(), Map.of("OSPREY_MEDIA_UDP_PORT", "70000"),
                "media.udpPort must be a port number 0..65535, got 70000 (from OSPREY_MEDIA_UDP_PORT)");
        assertError(List.of("--server.httpsPort=-1"), Map.of(),
                "server.httpsPort must be a port number 0..65535, got -1 (from --server.httpsPort)");
        assertError(List.of("--server.httpPort=6000", "--server.httpsPort=6000"), Map.of(),
                "server.httpsPort must differ from server.httpPort (both are 6000)");
        assertError(List.of("--applications=Live App"), Map.of(),
                "applications: 'Live App' is not a valid name (1-64 of A-Z a-z 0-9 _ -) (from --applications)");
        assertError(List.of("--applications=A,A"), Map.of(), "applications: 'A' is listed twice (from --applications)");
        assertError(List.of("--applications=,"), Map.of(), "applications must name at least one application (from --applications)");
        assertError(List.of("--ice.stunServerUri=http://x"), Map.of(),
                "ice.stunServerUri must be a stun:, turn: or turns: URI, got 'http://x' (from --ice.stunServerUri)");
        assertError(List.of("--server.host="), Map.of(), "server.host must not be empty (from --server.host)");
        Path file = yaml("server:\n  httpPort: [1, 2]\n");
        assertError(List.of("--config=" + file), Map.of(),
                "server.httpPort must be a single value, not a list or map (from " + file + ")");
    }

    @Test
    void badArgumentsAndFilesAreRefused() throws IOException {
        assertError(List.of("--server.htpPort=1"), Map.of(), "unknown option --server.htpPort (see --help for the keys)");
        assertError(List.of("server.httpPort=1"), Map.of(),
                "unexpected argument 'server.httpPort=1': options look like --key=value (see --help)");
        assertError(List.of("--server.httpPort"), Map.of(),
                "unexpected argument '--server.httpPort': options look like --key=value (see --help)");
        Path missing = dir.resolve("missing.yaml");
        assertError(List.of("--config=" + missing), Map.of(), "configuration file " + missing + " does not exist");
        assertError(List.of(), Map.of("OSPREY_CONFIG", missing.toString()), "configuration file " + missing + " does not exist");

        Path typo = yaml("server:\n  httpport: 1\n");
        assertError(List.of("--config=" + typo), Map.of(), typo + ": unknown key 'server.httpport'");
        Path unknownSection = yaml("database:\n  url: x\n");
        assertError(List.of("--config=" + unknownSection), Map.of(), unknownSection + ": unknown key 'database'");
        Path notAMap = yaml("- a\n- b\n");
        assertError(List.of("--config=" + notAMap), Map.of(), notAMap + " must contain a map of keys");
        Path broken = yaml("server:\n  httpPort: 1\n   host: [\n");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--config=" + broken), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(broken + " is not valid YAML: ");
    }

    @Test
    void configOfValidatesLikeTheLoader() {
        Config config = Config.of(Map.of("server.httpPort", 0, "applications", List.of("A")));
        assertThat(config.httpPort()).isZero();
        assertThat(config.applications()).containsExactly("A");
        assertThatThrownBy(() -> Config.of(Map.of("server.port", 1)))
                .isInstanceOf(ConfigException.class).hasMessage("unknown configuration key 'server.port'");
        assertThatThrownBy(() -> Config.of(Map.of("media.udpPort", 65_536)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("media.udpPort must be a port number 0..65535, got 65536 (from settings)");
    }

    @Test
    void theTurnSecretAndTheStreamShareHaveDefaultsAndAreChecked() {
        Config defaults = Config.defaults();
        assertThat(defaults.turnSharedSecret()).isEmpty();
        assertThat(defaults.turnCredentialTtlSeconds()).isEqualTo(86_400);
        assertThat(defaults.webSocketMaxStreamsPerConnection()).isEqualTo(64);

        assertError(List.of("--ice.turnSharedSecret=s", "--ice.turnUsername=u"), Map.of(),
                "ice.turnSharedSecret replaces ice.turnUsername and ice.turnCredential: set either the secret or the static pair");
        assertError(List.of("--ice.turnCredentialTtlSeconds=59"), Map.of(),
                "ice.turnCredentialTtlSeconds must be at least 60, got 59 (from --ice.turnCredentialTtlSeconds)");
        assertError(List.of(), Map.of("OSPREY_WEBSOCKET_MAX_STREAMS_PER_CONNECTION", "0"),
                "websocket.maxStreamsPerConnection must be at least 1, got 0 (from OSPREY_WEBSOCKET_MAX_STREAMS_PER_CONNECTION)");
    }

    @Test
    void theWebSocketKeepAliveTimesHaveDefaultsAndAreChecked() {
        assertThat(Config.defaults().webSocketPingIntervalMs()).isEqualTo(20_000);
        assertThat(Config.defaults().webSocketIdleTimeoutMs()).isEqualTo(60_000);

        assertError(List.of("--websocket.pingIntervalMs=50"), Map.of(),
                "websocket.pingIntervalMs must be at least 100, got 50 (from --websocket.pingIntervalMs)");
        assertError(List.of("--websocket.pingIntervalMs=20000", "--websocket.idleTimeoutMs=30000"), Map.of(),
                "websocket.idleTimeoutMs must be 0 or at least twice websocket.pingIntervalMs (20000), got 30000");
        assertThat(ConfigLoader.load(List.of("--websocket.idleTimeoutMs=0"), Map.of()).webSocketIdleTimeoutMs()).isZero();
    }

    @Test
    void theAddressShareDefaultsToTwoThousandAndZeroLiftsIt() {
        assertThat(Config.defaults().webSocketMaxConnectionsPerAddress()).isEqualTo(2_000);
        assertThat(ConfigLoader.load(List.of("--websocket.maxConnectionsPerAddress=0"), Map.of())
                .webSocketMaxConnectionsPerAddress()).isZero();
        assertError(List.of("--websocket.maxConnectionsPerAddress=-1"), Map.of(),
                "websocket.maxConnectionsPerAddress must be at least 0, got -1 (from --websocket.maxConnectionsPerAddress)");
    }

    @Test
    void mediaLoopsDefaultToOnePerProcessorAndNeedTheirPortsBelow65536() {
        assertThat(Config.defaults().effectiveMediaLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(ConfigLoader.load(List.of("--media.loops=4"), Map.of()).effectiveMediaLoops()).isEqualTo(4);
        assertThat(ConfigLoader.load(List.of("--media.udpPort=0", "--media.loops=64"), Map.of()).effectiveMediaLoops())
                .isEqualTo(64);
        assertError(List.of("--media.loops=-1"), Map.of(),
                "media.loops must be at least 0, got -1 (from --media.loops)");
        assertThatThrownBy(() -> ConfigLoader.load(List.of("--media.udpPort=65535", "--media.loops=2"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("media.loops: 2 ports from 65535 go beyond 65535");
    }

    @Test
    void usageListsEveryKeyWithItsEnvironmentName() {
        String usage = ConfigLoader.usage();
        for (ConfigKey key : ConfigKey.values()) {
            assertThat(usage).contains("--" + key.key() + "=").contains(key.envName());
        }
    }

    private static void assertError(List<String> args, Map<String, String> env, String message) {
        assertThatThrownBy(() -> ConfigLoader.load(args, env))
                .isInstanceOf(ConfigException.class)
                .hasMessage(message);
    }
}
