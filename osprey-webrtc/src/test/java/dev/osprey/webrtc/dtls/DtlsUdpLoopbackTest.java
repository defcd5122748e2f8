package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The same endpoints over real UDP sockets on 127.0.0.1, each fed by its own socket reader. */
@Timeout(60)
class DtlsUdpLoopbackTest {
    private DatagramChannel clientSocket;
    private DatagramChannel serverSocket;

    @BeforeEach
    void openSockets() throws IOException {
        clientSocket = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        serverSocket = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
    }

    @AfterEach
    void closeSockets() throws IOException {
        clientSocket.close();
        serverSocket.close();
    }

    @Test
    void handshakeAndApplicationDataOverLoopbackUdp() throws Exception {
        DtlsCertificate clientCert = DtlsCertificate.generate();
        DtlsCertificate serverCert = DtlsCertificate.generate();
        RecordingListener clientEvents = new RecordingListener();
        RecordingListener serverEvents = new RecordingListener();
        DtlsEndpoint server = new DtlsEndpoint(DtlsRole.SERVER, serverCert, clientCert.fingerprint(),
                DtlsConfig.defaults(), sinkTo(serverSocket, clientSocket.getLocalAddress()), serverEvents);
        DtlsEndpoint client = new DtlsEndpoint(DtlsRole.CLIENT, clientCert, serverCert.fingerprint(),
                DtlsConfig.defaults(), sinkTo(clientSocket, serverSocket.getLocalAddress()), clientEvents);
        startReader(serverSocket, server);
        startReader(clientSocket, client);
        server.start();
        client.start();

        DtlsSrtpKeys clientKeys = clientEvents.keys.get(20, TimeUnit.SECONDS);
        DtlsSrtpKeys serverKeys = serverEvents.keys.get(20, TimeUnit.SECONDS);
        assertThat(clientKeys.profileId()).isEqualTo(DtlsSrtpProfile.AEAD_AES_128_GCM);
        assertThat(clientKeys.localKey()).isEqualTo(serverKeys.remoteKey());
        assertThat(clientKeys.localSalt()).isEqualTo(serverKeys.remoteSalt());
        assertThat(serverKeys.localKey()).isEqualTo(clientKeys.remoteKey());
        assertThat(serverKeys.localSalt()).isEqualTo(clientKeys.remoteSalt());

        byte[] hello = "over udp".getBytes(StandardCharsets.US_ASCII);
        assertThat(client.sendApplicationData(hello, 0, hello.length)).isTrue();
        assertThat(serverEvents.applicationData.poll(10, TimeUnit.SECONDS)).isEqualTo(hello);
        assertThat(server.sendApplicationData(hello, 0, 5)).isTrue();
        assertThat(clientEvents.applicationData.poll(10, TimeUnit.SECONDS)).isEqualTo("over ".getBytes(StandardCharsets.US_ASCII));

        server.close();
        clientEvents.closed.get(10, TimeUnit.SECONDS);
        assertThat(server.awaitTermination(Duration.ofSeconds(10))).isTrue();
        assertThat(client.awaitTermination(Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void wrongFingerprintFailsBothSidesOverLoopbackUdp() throws Exception {
        DtlsCertificate clientCert = DtlsCertificate.generate();
        DtlsCertificate serverCert = DtlsCertificate.generate();
        RecordingListener clientEvents = new RecordingListener();
        RecordingListener serverEvents = new RecordingListener();
        DtlsEndpoint server = new DtlsEndpoint(DtlsRole.SERVER, serverCert, DtlsCertificate.generate().fingerprint(),
                DtlsConfig.defaults(), sinkTo(serverSocket, clientSocket.getLocalAddress()), serverEvents);
        DtlsEndpoint client = new DtlsEndpoint(DtlsRole.CLIENT, clientCert, serverCert.fingerprint(),
                DtlsConfig.defaults(), sinkTo(clientSocket, serverSocket.getLocalAddress()), clientEvents);
        startReader(serverSocket, server);
        startReader(clientSocket, client);
        server.start();
        client.start();

        assertThat(serverEvents.failure.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(TlsFatalAlert.class,
                a -> assertThat(a.getAlertDescription()).isEqualTo(AlertDescription.bad_certificate));
        assertThat(clientEvents.failure.get(20, TimeUnit.SECONDS)).isInstanceOfSatisfying(TlsFatalAlertReceived.class,
                a -> assertThat(a.getAlertDescription()).isEqualTo(AlertDescription.bad_certificate));
    }

    private static DatagramSink sinkTo(DatagramChannel socket, SocketAddress peer) {
        return (buf, off, len) -> {
            try {
                socket.send(ByteBuffer.wrap(buf, off, len), peer);
            } catch (IOException e) {
                // UDP semantics: a failed send is a lost datagram.
            }
        };
    }

    private static void startReader(DatagramChannel socket, DtlsEndpoint endpoint) {
        Thread.ofPlatform().daemon().name("udp-reader").start(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(2048);
            try {
                while (true) {
                    buffer.clear();
                    socket.receive(buffer);
                    endpoint.onDatagram(buffer.array(), 0, buffer.position());
                }
            } catch (ClosedChannelException e) {
                // test finished
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
