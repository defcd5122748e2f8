package dev.osprey.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.stun.StunMessage;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The controlling client against the lite agent, wired in memory with a hand-driven clock. */
class IceClientAgentTest {
    private static final IceCredentials SERVER = IceCredentials.random();
    private static final IceCredentials CLIENT = IceCredentials.random();
    private static final InetSocketAddress SERVER_ADDR = new InetSocketAddress("127.0.0.1", 50000);
    private static final InetSocketAddress CLIENT_ADDR = new InetSocketAddress("127.0.0.1", 40000);
    private static final long MS = 1_000_000L;
    private static final IceClientConfig CONFIG = new IceClientConfig(Duration.ofMillis(100), Duration.ofMillis(400), 5,
            Duration.ofSeconds(5), Duration.ofSeconds(30));

    private final List<String> events = new ArrayList<>();
    private final List<Long> requestTimes = new ArrayList<>();
    private final List<byte[]> toServer = new ArrayList<>();
    private final List<byte[]> toClient = new ArrayList<>();
    private final StunMessage msg = new StunMessage();
    private long now;

    private final IceLiteAgent server = new IceLiteAgent(SERVER, CLIENT, Duration.ofSeconds(30), new IceLiteAgent.Listener() {
        @Override
        public void onSelectedAddressChanged(IceLiteAgent a, InetSocketAddress previous, InetSocketAddress current) {
            events.add("server selected " + current);
        }

        @Override
        public void onConsentExpired(IceLiteAgent a) {
            events.add("server expired");
        }
    }, 0);

    private IceClientAgent client(IceCredentials remote) {
        return new IceClientAgent(CLIENT, remote, SERVER_ADDR, CONFIG, (buf, off, len, to) -> {
            assertThat(to).isEqualTo(SERVER_ADDR);
            requestTimes.add(now);
            toServer.add(Arrays.copyOfRange(buf, off, off + len));
        }, new IceClientAgent.Listener() {
            @Override
            public void onConnected(IceClientAgent agent, InetSocketAddress mapped) {
                events.add("client connected " + mapped);
            }

            @Override
            public void onFailed(IceClientAgent agent, String reason) {
                events.add("client failed: " + reason);
            }
        });
    }

    @Test
    void connectsAndNominatesOnTheFirstExchange() {
        IceClientAgent client = client(SERVER);
        client.start(now);
        deliverToServer();
        deliverToClient(client);
        assertThat(client.state()).isEqualTo(IceClientAgent.State.CONNECTED);
        assertThat(client.mappedAddress()).isEqualTo(CLIENT_ADDR);
        assertThat(server.selectedAddress()).isEqualTo(CLIENT_ADDR);
        assertThat(events).containsExactly("server selected " + CLIENT_ADDR, "client connected " + CLIENT_ADDR);
    }

    @Test
    void retransmitsWithBackoffAndGivesUp() {
        IceClientAgent client = client(SERVER);
        client.start(now);
        for (now = 0; now <= 3000 * MS; now += 10 * MS) {
            client.tick(now);
        }
        // 100, 200, 400, 400 ms apart (capped), then failure once the fifth attempt timed out.
        assertThat(requestTimes).containsExactly(0L, 100 * MS, 300 * MS, 700 * MS, 1100 * MS);
        assertThat(events).containsExactly("client failed: no response after 5 checks");
        assertThat(client.state()).isEqualTo(IceClientAgent.State.FAILED);
    }

    @Test
    void sendsConsentChecksThatKeepBothSidesAlive() {
        IceClientAgent client = client(SERVER);
        client.start(now);
        deliverToServer();
        deliverToClient(client);
        for (now = 0; now <= 120_000 * MS; now += 100 * MS) {
            client.tick(now);
            server.tick(now);
            deliverToServer();
            deliverToClient(client);
        }
        assertThat(client.state()).isEqualTo(IceClientAgent.State.CONNECTED);
        assertThat(server.state()).isEqualTo(IceLiteAgent.State.SELECTED);
        // Randomised 4..6 s intervals over 120 s.
        assertThat(requestTimes.size() - 1).isBetween(20, 30);
    }

    @Test
    void clientDeclaresConsentLostWhenTheServerStopsAnswering() {
        IceClientAgent client = client(SERVER);
        client.start(now);
        deliverToServer();
        deliverToClient(client);
        for (now = 0; now <= 31_000 * MS; now += 100 * MS) {
            client.tick(now);
            toServer.clear();
        }
        assertThat(events).endsWith("client failed: consent expired");
    }

    @Test
    void wrongServerPasswordGetsNoAnswerSoTheClientGivesUpWithoutNomination() {
        IceClientAgent client = client(new IceCredentials(SERVER.ufrag(), "notTheServerPassword0123"));
        client.start(now);
        for (now = 0; now <= 5_000 * MS && client.state() != IceClientAgent.State.FAILED; now += 50 * MS) {
            deliverToServer();
            assertThat(toClient).isEmpty();
            client.tick(now);
        }
        assertThat(server.selectedAddress()).isNull();
        assertThat(client.state()).isEqualTo(IceClientAgent.State.FAILED);
        assertThat(events).containsExactly("client failed: no response after 5 checks");
    }

    private void deliverToServer() {
        for (byte[] d : toServer) {
            assertThat(msg.wrap(d, 0, d.length)).isTrue();
            server.handle(msg, CLIENT_ADDR, now, (buf, off, len, to) -> {
                assertThat(to).isEqualTo(CLIENT_ADDR);
                toClient.add(Arrays.copyOfRange(buf, off, off + len));
            });
        }
        toServer.clear();
    }

    private void deliverToClient(IceClientAgent client) {
        for (byte[] d : toClient) {
            assertThat(msg.wrap(d, 0, d.length)).isTrue();
            assertThat(client.handle(msg, SERVER_ADDR, now)).isTrue();
        }
        toClient.clear();
    }
}
