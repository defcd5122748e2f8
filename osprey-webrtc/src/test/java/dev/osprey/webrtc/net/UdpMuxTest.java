package dev.osprey.webrtc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The mux over real loopback UDP (127.0.0.1 only) with controlling clients on their own sockets. */
class UdpMuxTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IceClientConfig CLIENT = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(200), 8,
            Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final byte[] DTLS = {22, (byte) 0xfe, (byte) 0xfd, 0, 1};
    private static final byte[] RTP = {(byte) 0x80, 96, 0, 1};

    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final IceCredentials serverCreds = IceCredentials.random();
    private final IceCredentials clientCreds = IceCredentials.random();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closeables.reversed()) {
            c.close();
        }
    }

    @Test
    void clientConnectsThroughTheMuxAndDataFlowsBothWays() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        assertThat(mux.socket().isNative()).isTrue();
        RecordingEndpoint endpoint = new RecordingEndpoint();
        MuxPeer peer = mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient client = client(clientCreds, serverCreds, mux);

        assertThat(client.events.poll(5, TimeUnit.SECONDS)).isEqualTo("connected " + client.localAddress());
        assertThat(endpoint.events.poll(5, TimeUnit.SECONDS)).isEqualTo("selected null -> " + client.localAddress());
        assertThat(peer.remoteAddress()).isEqualTo(client.localAddress());

        client.send(DTLS);
        client.send(RTP);
        assertThat(endpoint.datagrams.poll(5, TimeUnit.SECONDS)).isEqualTo(Arrays.toString(DTLS) + " from " + client.localAddress());
        assertThat(endpoint.datagrams.poll(5, TimeUnit.SECONDS)).isEqualTo(Arrays.toString(RTP) + " from " + client.localAddress());

        assertThat(peer.send(RTP, 0, RTP.length)).isTrue();
        assertThat(client.received.poll(5, TimeUnit.SECONDS)).containsExactly(RTP);
        assertThat(mux.counters().totalDrops()).isZero();
    }

    @Test
    void aBurstKeepsEveryDatagramBoundaryThroughBatchReceive() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        RecordingEndpoint endpoint = new RecordingEndpoint();
        mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient client = client(clientCreds, serverCreds, mux);
        assertThat(client.events.poll(5, TimeUnit.SECONDS)).startsWith("connected");

        List<String> sent = new ArrayList<>();
        for (int size = 1; size <= 150; size++) {
            byte[] datagram = new byte[size];
            Arrays.fill(datagram, (byte) size);
            datagram[0] = (byte) 0x80;
            client.send(datagram);
            sent.add(Arrays.toString(datagram) + " from " + client.localAddress());
        }
        List<String> received = new ArrayList<>();
        while (received.size() < sent.size()) {
            String next = endpoint.datagrams.poll(5, TimeUnit.SECONDS);
            assertThat(next).as("datagram %d of %d", received.size() + 1, sent.size()).isNotNull();
            received.add(next);
        }
        assertThat(received).containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void worksOnTheNioFallback() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), false);
        assertThat(mux.socket().isNative()).isFalse();
        RecordingEndpoint endpoint = new RecordingEndpoint();
        mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient client = client(clientCreds, serverCreds, mux);
        assertThat(client.events.poll(5, TimeUnit.SECONDS)).isEqualTo("connected " + client.localAddress());
        client.send(DTLS);
        assertThat(endpoint.datagrams.poll(5, TimeUnit.SECONDS)).isEqualTo(Arrays.toString(DTLS) + " from " + client.localAddress());
    }

    @Test
    void checksThatDoNotAuthenticateGetNoAnswerAtAll() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        RecordingEndpoint endpoint = new RecordingEndpoint();
        MuxPeer peer = mux.register(serverCreds, clientCreds, endpoint);
        String username = serverCreds.ufrag() + ":" + clientCreds.ufrag();
        byte[] wrongPassword = check(username, "aWrongPasswordForServer1");
        byte[] noIntegrity = new byte[128];
        int noIntegrityLength = new StunWriter().begin(noIntegrity, 0, 128, StunMessageType.BINDING_REQUEST,
                new byte[12], 0).addUsername(username).addPriority(1).addFingerprint().length();
        byte[] valid = check(username, serverCreds.password());
        byte[] garbage = valid.clone();
        garbage[22] = 0x7F; // the USERNAME attribute now claims more bytes than the message has

        try (DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            send(attacker, mux, wrongPassword);
            send(attacker, mux, Arrays.copyOf(noIntegrity, noIntegrityLength));
            send(attacker, mux, Arrays.copyOf(valid, 30)); // truncated
            send(attacker, mux, garbage);
            await().atMost(Duration.ofSeconds(5)).until(() -> mux.counters().totalDrops() == 4);
            assertThat(mux.counters().drops(DropReason.UNAUTHENTICATED)).isEqualTo(2);

            attacker.setSoTimeout(300);
            DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
            assertThatThrownBy(() -> attacker.receive(answer)).isInstanceOf(SocketTimeoutException.class);
        }
        assertThat(peer.remoteAddress()).isNull();
        assertThat(endpoint.events).isEmpty();
        assertThat(endpoint.datagrams).isEmpty();
    }

    /** A Binding request as browsers send it (USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE). */
    private static byte[] check(String username, String password) {
        byte[] b = new byte[256];
        int len = new StunWriter().begin(b, 0, b.length, StunMessageType.BINDING_REQUEST, new byte[12], 0)
                .addUsername(username).addPriority(1).addIceControlling(7).addUseCandidate()
                .addMessageIntegrity(new MessageIntegrity(password)).addFingerprint().length();
        return Arrays.copyOf(b, len);
    }

    @Test
    void followsThePeerToANewlyNominatedAddress() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        RecordingEndpoint endpoint = new RecordingEndpoint();
        MuxPeer peer = mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient before = client(clientCreds, serverCreds, mux);
        assertThat(endpoint.events.poll(5, TimeUnit.SECONDS)).isEqualTo("selected null -> " + before.localAddress());

        // The same peer reappears from another port (as after a network change) and nominates it. Address
        // changes are paced to one per second: the client's retries get through once the second is over.
        LoopbackClient after = client(clientCreds, serverCreds, mux);
        assertThat(endpoint.events.poll(5, TimeUnit.SECONDS))
                .isEqualTo("selected " + before.localAddress() + " -> " + after.localAddress());
        assertThat(peer.remoteAddress()).isEqualTo(after.localAddress());

        after.send(RTP);
        assertThat(endpoint.datagrams.poll(5, TimeUnit.SECONDS)).isEqualTo(Arrays.toString(RTP) + " from " + after.localAddress());
        before.send(RTP);
        await().atMost(Duration.ofSeconds(5)).until(() -> mux.counters().drops(DropReason.UNKNOWN_SENDER) == 1);
        peer.send(DTLS, 0, DTLS.length);
        assertThat(after.received.poll(5, TimeUnit.SECONDS)).containsExactly(DTLS);
        assertThat(before.received).isEmpty();
    }

    @Test
    void consentTimeoutExpiresASilentPeerButNotOneThatKeepsChecking() throws Exception {
        UdpMux mux = mux(Duration.ofMillis(400), true);
        RecordingEndpoint silent = new RecordingEndpoint();
        RecordingEndpoint lively = new RecordingEndpoint();
        IceCredentials livelyServer = IceCredentials.random();
        IceCredentials livelyClient = IceCredentials.random();
        mux.register(serverCreds, clientCreds, silent);
        mux.register(livelyServer, livelyClient, lively);
        // Consent interval 10 s: after the nomination this client never checks again.
        LoopbackClient quiet = client(clientCreds, serverCreds, mux);
        LoopbackClient chatty = new LoopbackClient(livelyClient, livelyServer, mux.localAddress(),
                new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(200), 8, Duration.ofMillis(100),
                        Duration.ofSeconds(30)));
        closeables.add(chatty);

        assertThat(silent.events.poll(5, TimeUnit.SECONDS)).startsWith("selected null");
        assertThat(lively.events.poll(5, TimeUnit.SECONDS)).startsWith("selected null");
        assertThat(silent.events.poll(5, TimeUnit.SECONDS)).isEqualTo("expired");
        assertThat(mux.peerCount()).isEqualTo(1);

        quiet.send(RTP);
        await().atMost(Duration.ofSeconds(5)).until(() -> mux.counters().drops(DropReason.UNKNOWN_SENDER) == 1);
        assertThat(silent.datagrams).isEmpty();

        Thread.sleep(1000); // 2.5 consent timeouts: the checking peer stays alive
        assertThat(lively.events).isEmpty();
        chatty.send(DTLS);
        assertThat(lively.datagrams.poll(5, TimeUnit.SECONDS)).startsWith(Arrays.toString(DTLS));
    }

    @Test
    void garbageIsCountedAndDroppedWithoutDisturbingAnEstablishedPeer() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        RecordingEndpoint endpoint = new RecordingEndpoint();
        mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient client = client(clientCreds, serverCreds, mux);
        assertThat(client.events.poll(5, TimeUnit.SECONDS)).startsWith("connected");

        byte[] unknownUfrag = new byte[128];
        int unknownUfragLen = new StunWriter().begin(unknownUfrag, 0, 128, StunMessageType.BINDING_REQUEST, new byte[12], 0)
                .addUsername("nobody:x").addMessageIntegrity(new MessageIntegrity("whatever")).addFingerprint().length();
        byte[] badLength = {0, 1, 0, 8, 0x21, 0x12, (byte) 0xa4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        byte[] badCookie = {0, 1, 0, 0, 0x21, 0x12, (byte) 0xa4, 0x43, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        try (DatagramSocket attacker = new DatagramSocket(0, LOOPBACK)) {
            send(attacker, mux, new byte[] {0, 1, 0});                              // truncated STUN
            send(attacker, mux, badLength);                                         // truncated: declares 8 more bytes
            send(attacker, mux, badCookie);                                         // garbage STUN
            send(attacker, mux, new byte[] {100, 1, 2, 3});                          // garbage first byte
            send(attacker, mux, new byte[] {(byte) 0xff});                           // garbage first byte
            send(attacker, mux, DTLS);                                              // unknown sender
            send(attacker, mux, RTP);                                               // unknown sender
            send(attacker, mux, Arrays.copyOf(unknownUfrag, unknownUfragLen));      // unknown ufrag
            // From the established peer's own address, garbage is dropped too.
            client.send(new byte[] {70, 0, 0});
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> mux.counters().totalDrops() == 9);
        assertThat(mux.counters().drops(DropReason.TRUNCATED)).isEqualTo(2);
        assertThat(mux.counters().drops(DropReason.GARBAGE)).isEqualTo(4);
        assertThat(mux.counters().drops(DropReason.UNKNOWN_SENDER)).isEqualTo(3);

        client.send(RTP);
        assertThat(endpoint.datagrams.poll(5, TimeUnit.SECONDS)).isEqualTo(Arrays.toString(RTP) + " from " + client.localAddress());
        assertThat(endpoint.datagrams).isEmpty();
        assertThat(endpoint.events).hasSize(1);
    }

    @Test
    void bindsTheFirstFreePortOfTheRange() throws Exception {
        try (DatagramSocket taken = new DatagramSocket(0, LOOPBACK)) {
            int first = taken.getLocalPort();
            UdpMux mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, first, Math.min(first + 20, 65535), 2048, 16, true),
                    Duration.ofSeconds(30), Duration.ofSeconds(1));
            closeables.add(mux);
            assertThat(mux.localAddress().getPort()).isBetween(first + 1, first + 20);
        }
    }

    @Test
    void closedPeerNoLongerReceives() throws Exception {
        UdpMux mux = mux(Duration.ofSeconds(30), true);
        RecordingEndpoint endpoint = new RecordingEndpoint();
        MuxPeer peer = mux.register(serverCreds, clientCreds, endpoint);
        LoopbackClient client = client(clientCreds, serverCreds, mux);
        assertThat(client.events.poll(5, TimeUnit.SECONDS)).startsWith("connected");
        peer.close();
        assertThat(mux.peerCount()).isZero();
        client.send(RTP);
        await().atMost(Duration.ofSeconds(5)).until(() -> mux.counters().drops(DropReason.UNKNOWN_SENDER) == 1);
        assertThat(endpoint.datagrams).isEmpty();
    }

    private UdpMux mux(Duration consentTimeout, boolean preferNative) throws Exception {
        UdpMux mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 16, preferNative), consentTimeout,
                Duration.ofMillis(50));
        closeables.add(mux);
        return mux;
    }

    private LoopbackClient client(IceCredentials local, IceCredentials remote, UdpMux mux) throws Exception {
        LoopbackClient client = new LoopbackClient(local, remote, mux.localAddress(), CLIENT);
        closeables.add(client);
        return client;
    }

    private static void send(DatagramSocket socket, UdpMux mux, byte[] datagram) throws Exception {
        socket.send(new DatagramPacket(datagram, datagram.length, mux.localAddress()));
    }
}
