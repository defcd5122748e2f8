package dev.osprey.server.webhook;

import dev.osprey.server.store.AppSettings;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookUrlPolicyTest {

    /** Names resolve from this table only: no DNS in tests. */
    private static final Map<String, String[]> NAMES = Map.of(
            "hooks.example.com", new String[] {"93.184.216.34"},
            "internal.example.com", new String[] {"10.0.0.5"},
            "rebinding.example.com", new String[] {"93.184.216.34", "127.0.0.1"});

    private static InetAddress[] resolve(String host) throws UnknownHostException {
        String[] addresses = NAMES.get(host);
        if (addresses == null) {
            // Literals as the JDK parses them (no lookup for a literal); other names are unknown.
            if (host.matches("[0-9.]+") || host.contains(":")) {
                return InetAddress.getAllByName(host);
            }
            throw new UnknownHostException(host);
        }
        InetAddress[] resolved = new InetAddress[addresses.length];
        for (int i = 0; i < addresses.length; i++) {
            resolved[i] = InetAddress.getByName(addresses[i]);
        }
        return resolved;
    }

    private static final WebhookUrlPolicy STRICT = new WebhookUrlPolicy(false, WebhookUrlPolicyTest::resolve);
    private static final WebhookUrlPolicy ALLOWING = new WebhookUrlPolicy(true, WebhookUrlPolicyTest::resolve);

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "0.1.2.3", "10.1.2.3", "100.64.0.1", "127.0.0.1", "127.9.9.9", "169.254.169.254",
            "172.16.0.1", "172.31.255.255", "192.168.1.1", "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255",
            "::", "::1", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "fec0::1", "::ffff:169.254.169.254",
            "::127.0.0.1", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1"})
    void nonPublicAddressesAreRefused(String address) throws Exception {
        assertThat(WebhookUrlPolicy.isPublic(InetAddress.getByName(address))).as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "11.0.0.1", "2606:2800:220:1::1",
            "2a00:1450:4001::200e", "64:ff9b::808:808"})
    void publicAddressesAreAllowed(String address) throws Exception {
        assertThat(WebhookUrlPolicy.isPublic(InetAddress.getByName(address))).as(address).isTrue();
    }

    @Test
    void theCloudMetadataAddressIsRefusedWithAReasonNamingTheSettingThatAllowsIt() {
        assertThat(STRICT.problem("listenerHookURL", "http://169.254.169.254/latest/meta-data")).contains(
                "listenerHookURL points to a loopback, private, link-local, multicast or unspecified address (169.254.169.254);"
                        + " set webhookAllowPrivateAddresses to true to allow it");
        assertThat(STRICT.problem("listenerHookURL", "http://[fe80::1]:8080/x")).isPresent();
        assertThat(ALLOWING.problem("listenerHookURL", "http://169.254.169.254/latest/meta-data")).isEmpty();
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() {
        assertThat(STRICT.problem("listenerHookURL", "https://hooks.example.com/in")).isEmpty();
        assertThat(STRICT.problem("listenerHookURL", "https://internal.example.com/in")).get().asString().contains("10.0.0.5");
        assertThat(STRICT.problem("listenerHookURL", "https://rebinding.example.com/in")).get().asString().contains("127.0.0.1");
        // Not resolvable now: accepted, the check before each call still applies.
        assertThat(STRICT.problem("listenerHookURL", "https://not-yet.example.org/in")).isEmpty();
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAreAccepted() {
        for (String url : new String[] {"ftp://hooks.example.com/x", "file:///etc/passwd", "/relative", "http://", "http:///x",
                "gopher://hooks.example.com", "not a url"}) {
            assertThat(STRICT.problem("dataChannelWebHookURL", url)).as(url)
                    .contains("dataChannelWebHookURL must be empty or an http(s) URL");
        }
        assertThat(STRICT.problem("dataChannelWebHookURL", "")).isEmpty();
        assertThat(STRICT.problem("dataChannelWebHookURL", null)).isEmpty();
        assertThat(STRICT.problem("dataChannelWebHookURL", "HTTPS://hooks.example.com:8443/x?y=1")).isEmpty();
    }

    @Test
    void theDestinationIsTheCheckedAddress() throws Exception {
        assertThat(STRICT.destination(URI.create("https://hooks.example.com/in")))
                .isEqualTo(InetAddress.getByName("93.184.216.34"));
        assertThatThrownBy(() -> STRICT.destination(URI.create("http://rebinding.example.com/")))
                .isInstanceOf(WebhookUrlPolicy.RefusedDestinationException.class);
        assertThatThrownBy(() -> STRICT.destination(URI.create("http://not-yet.example.org/")))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void settingsAreCheckedAgainstTheirOwnAllowance() {
        AppSettings settings = new AppSettings();
        settings.dataChannelWebHookURL = "http://127.0.0.1:9/data";
        assertThat(WebhookUrlPolicy.problemInSettings(settings)).get().asString().startsWith("dataChannelWebHookURL points to");
        settings.webhookAllowPrivateAddresses = true;
        assertThat(WebhookUrlPolicy.problemInSettings(settings)).isEmpty();
        settings.listenerHookURL = "ftp://x/y";
        assertThat(WebhookUrlPolicy.problemInSettings(settings)).contains("listenerHookURL must be empty or an http(s) URL");
    }
}
