package dev.osprey.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server-role transport on a loopback mux and a client-role transport on its own loopback socket,
 * connected through ICE, DTLS and SRTP. The server answers (DTLS server) or offers first and learns the
 * client's parameters later (then in the DTLS role given).
 */
final class TransportPair implements AutoCloseable {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));

    final UdpMux mux;
    final RecordingListener serverEvents = new RecordingListener();
    final RecordingListener clientEvents = new RecordingListener();
    final PeerTransport server;
    final PeerTransport client;

    /**
     * @param serverRole the server transport's DTLS role; as CLIENT the server registers without the remote
     *                   peer and receives it afterwards, as after an offer it sent
     */
    TransportPair(DtlsConfig dtls, DtlsRole serverRole) throws IOException {
        this(dtls, serverRole, Duration.ofSeconds(30));
    }

    /** @param consentTimeout the mux's consent timeout (the client checks every 2 s) */
    TransportPair(DtlsConfig dtls, DtlsRole serverRole, Duration consentTimeout) throws IOException {
        this(dtls, serverRole, consentTimeout, null);
    }

    /**
     * @param answerDelay when not null, the server registers without the remote peer although it answers
     *                    (DTLS server), and receives it only after this delay: the client's ICE and its
     *                    ClientHello come first, as when a viewer's answer is slower than its checks
     */
    TransportPair(DtlsConfig dtls, DtlsRole serverRole, Duration consentTimeout, Duration answerDelay)
            throws IOException {
        mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 32, true), consentTimeout,
                Duration.ofMillis(100));
        LocalTransport serverLocal = LocalTransport.forMux(mux, DtlsCertificate.generate(), List.of());
        LocalTransport clientLocal = LocalTransport.forClient(DtlsCertificate.generate());
        RemotePeer clientAsSeenByServer = new RemotePeer(clientLocal.ice(), clientLocal.certificate().fingerprint(),
                serverRole, List.of());
        RemotePeer serverAsSeenByClient = new RemotePeer(serverLocal.ice(), serverLocal.certificate().fingerprint(),
                serverRole == DtlsRole.SERVER ? DtlsRole.CLIENT : DtlsRole.SERVER,
                List.of(new InetSocketAddress(serverLocal.candidates().get(0).address(),
                        serverLocal.candidates().get(0).port())));
        boolean remoteAtOnce = serverRole == DtlsRole.SERVER && answerDelay == null;
        server = PeerTransport.server(mux, serverLocal, remoteAtOnce ? clientAsSeenByServer : null, dtls,
                serverEvents);
        client = PeerTransport.client(LOOPBACK, clientLocal, serverAsSeenByClient, dtls, ICE, clientEvents);
        if (answerDelay != null) {
            try {
                Thread.sleep(answerDelay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (!remoteAtOnce) {
            server.setRemote(clientAsSeenByServer);
        }
    }

    void awaitConnected() throws InterruptedException {
        assertThat(serverEvents.events.poll(15, TimeUnit.SECONDS)).startsWith("connected");
        assertThat(clientEvents.events.poll(15, TimeUnit.SECONDS)).startsWith("connected");
    }

    @Override
    public void close() {
        client.close();
        server.close();
        mux.close();
    }
}
