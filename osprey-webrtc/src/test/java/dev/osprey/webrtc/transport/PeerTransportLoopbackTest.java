package dev.osprey.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.dtls.DtlsEndpoint;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.dtls.DtlsSrtpProfile;
import dev.osprey.webrtc.net.DropReason;
import dev.osprey.webrtc.srtp.SrtpContext;
import dev.osprey.webrtc.srtp.SrtpProfile;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A server-role and a client-role transport over loopback UDP (127.0.0.1 only). */
class PeerTransportLoopbackTest {
    private TransportPair pair;

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.close();
        }
    }

    static Stream<Arguments> profilesAndRoles() {
        return Stream.of(
                Arguments.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, DtlsRole.SERVER),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, DtlsRole.SERVER),
                Arguments.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, DtlsRole.CLIENT),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, DtlsRole.CLIENT));
    }

    static DtlsConfig dtls(SrtpProfile profile) {
        int id = profile == SrtpProfile.AEAD_AES_128_GCM
                ? DtlsSrtpProfile.AEAD_AES_128_GCM : DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80;
        return DtlsConfig.defaults().withSrtpProfiles(id).withInitialRetransmit(Duration.ofMillis(200));
    }

    @ParameterizedTest
    @MethodSource("profilesAndRoles")
    void connectsAndExchangesRtpRtcpAndApplicationDataBothWays(SrtpProfile profile, DtlsRole serverRole)
            throws Exception {
        pair = new TransportPair(dtls(profile), serverRole);

        assertThat(pair.serverEvents.events.poll(15, TimeUnit.SECONDS)).isEqualTo("connected " + profile);
        assertThat(pair.clientEvents.events.poll(15, TimeUnit.SECONDS)).isEqualTo("connected " + profile);
        assertThat(pair.server.state()).isEqualTo(PeerTransport.State.CONNECTED);
        assertThat(pair.server.srtpProfile()).isEqualTo(profile);
        assertThat(pair.server.dtlsRole()).isEqualTo(serverRole);
        assertThat(pair.server.remoteAddress()).isNotNull();
        assertThat(pair.mux.peerCount()).isEqualTo(1);

        exchangeMedia(pair, 1);

        byte[] hello = "sctp packet bytes".getBytes();
        assertThat(pair.client.sendApplicationData(hello, 0, hello.length)).isTrue();
        assertThat(pair.serverEvents.applicationData.poll(5, TimeUnit.SECONDS)).containsExactly(hello);
        byte[] reply = "reply".getBytes();
        assertThat(pair.server.sendApplicationData(reply, 0, reply.length)).isTrue();
        assertThat(pair.clientEvents.applicationData.poll(5, TimeUnit.SECONDS)).containsExactly(reply);
        assertThat(pair.server.srtpRejected()).isZero();
        assertThat(pair.client.srtpRejected()).isZero();
    }

    @Test
    void sendOnTheEventLoopProtectsInPlace() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AEAD_AES_128_GCM), DtlsRole.SERVER);
        pair.awaitConnected();
        byte[] plain = Packets.rtp(7, 0x11223344, new byte[] {1, 2, 3, 4, 5});
        int len = plain.length - SrtpProfile.MAX_TRAILER;
        byte[] buf = plain.clone();

        assertThat(pair.server.eventLoop().submit(() -> pair.server.sendRtp(buf, 0, len)).get(5, TimeUnit.SECONDS))
                .isTrue();

        assertThat(pair.clientEvents.rtp.poll(5, TimeUnit.SECONDS)).containsExactly(Arrays.copyOf(plain, len));
        // The header stays in the clear; the payload was encrypted and the GCM tag written after it.
        assertThat(Arrays.copyOf(buf, 12)).containsExactly(Arrays.copyOf(plain, 12));
        assertThat(Arrays.copyOfRange(buf, 12, len)).isNotEqualTo(Arrays.copyOfRange(plain, 12, len));
        assertThat(Arrays.copyOfRange(buf, len, len + 16)).isNotEqualTo(new byte[16]);
    }

    @Test
    void sendWithoutSpareTrailerBytesIsACallerError() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AES_CM_128_HMAC_SHA1_80), DtlsRole.SERVER);
        pair.awaitConnected();
        byte[] tight = new byte[12 + SrtpProfile.MAX_TRAILER - 1];
        tight[0] = (byte) 0x80;
        assertThatThrownBy(() -> pair.client.sendRtp(tight, 0, 12)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeFreesTheMuxRegistrationTheDtlsThreadAndTellsBothSides() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AES_CM_128_HMAC_SHA1_80), DtlsRole.SERVER);
        pair.awaitConnected();
        DtlsEndpoint serverDtls = pair.server.dtlsEndpoint();
        DtlsEndpoint clientDtls = pair.client.dtlsEndpoint();

        pair.server.close();

        assertThat(pair.serverEvents.events.poll(5, TimeUnit.SECONDS)).isEqualTo("closed CLOSED_LOCALLY");
        assertThat(pair.server.state()).isEqualTo(PeerTransport.State.CLOSED);
        assertThat(pair.mux.peerCount()).isZero();
        assertThat(serverDtls.state()).isEqualTo(DtlsEndpoint.State.CLOSED);
        assertThat(serverDtls.awaitTermination(Duration.ofMillis(1))).isTrue();
        assertThat(pair.server.whenReleased().get(1, TimeUnit.SECONDS)).isEqualTo(CloseReason.CLOSED_LOCALLY);
        byte[] packet = Packets.rtp(1, 5, new byte[] {9});
        assertThat(pair.server.sendRtp(packet, 0, packet.length - SrtpProfile.MAX_TRAILER)).isFalse();

        // The client hears the close_notify and ends too.
        assertThat(pair.clientEvents.events.poll(5, TimeUnit.SECONDS)).isEqualTo("closed DTLS_CLOSED_BY_PEER");
        assertThat(pair.client.whenReleased().get(10, TimeUnit.SECONDS)).isEqualTo(CloseReason.DTLS_CLOSED_BY_PEER);
        assertThat(clientDtls.awaitTermination(Duration.ofMillis(1))).isTrue();

        pair.server.close(); // idempotent: no second event
        assertThat(pair.serverEvents.events.poll(200, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void consentExpiryEndsTheServerTransport() throws Exception {
        // Consent expires after 1.2 s, but the client only refreshes it every 1.6 to 2.4 s.
        pair = new TransportPair(dtls(SrtpProfile.AES_CM_128_HMAC_SHA1_80), DtlsRole.SERVER, Duration.ofMillis(1200));

        String event = pair.serverEvents.events.poll(10, TimeUnit.SECONDS);
        if (event != null && event.startsWith("connected")) {
            event = pair.serverEvents.events.poll(10, TimeUnit.SECONDS);
        }
        assertThat(event).isEqualTo("closed ICE_CONSENT_EXPIRED");
        assertThat(pair.server.whenReleased().get(5, TimeUnit.SECONDS)).isEqualTo(CloseReason.ICE_CONSENT_EXPIRED);
        assertThat(pair.mux.peerCount()).isZero();
        DtlsEndpoint dtls = pair.server.dtlsEndpoint();
        assertThat(dtls == null || dtls.awaitTermination(Duration.ofMillis(1))).isTrue();
    }

    @Test
    void aClientHelloThatCameBeforeTheAnswerIsNotLost() throws Exception {
        // The client's retransmission timer is 3 s: connecting sooner means its first ClientHello was used.
        DtlsConfig slowResend = dtls(SrtpProfile.AEAD_AES_128_GCM).withInitialRetransmit(Duration.ofSeconds(3));
        pair = new TransportPair(slowResend, DtlsRole.SERVER, Duration.ofSeconds(30), Duration.ofMillis(500));
        long answered = System.nanoTime();

        assertThat(pair.serverEvents.events.poll(15, TimeUnit.SECONDS)).startsWith("connected");
        assertThat(Duration.ofNanos(System.nanoTime() - answered)).isLessThan(Duration.ofMillis(1500));
        assertThat(pair.clientEvents.events.poll(5, TimeUnit.SECONDS)).startsWith("connected");
    }

    @Test
    void closeBeforeIceCompletesReleasesTheRegistration() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AES_CM_128_HMAC_SHA1_80), DtlsRole.CLIENT);
        pair.client.close();
        assertThat(pair.clientEvents.events.poll(5, TimeUnit.SECONDS)).isEqualTo("closed CLOSED_LOCALLY");
        pair.server.close();
        assertThat(pair.mux.peerCount()).isZero();
        // On a busy machine the handshake may finish before the client's close runs; the server then
        // sees the client's close_notify first.
        assertThat(pair.serverEvents.events).containsAnyOf("closed CLOSED_LOCALLY", "closed DTLS_CLOSED_BY_PEER");
    }

    @Test
    void garbageDatagramsIntoTheMuxDoNotDisturbTheSession() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AEAD_AES_128_GCM), DtlsRole.SERVER);
        pair.awaitConnected();
        exchangeMedia(pair, 1);
        Random random = new Random(42);
        try (DatagramSocket intruder = new DatagramSocket(0, TransportPair.LOOPBACK)) {
            for (int i = 0; i < 600; i++) {
                byte[] junk = new byte[1 + random.nextInt(300)];
                random.nextBytes(junk);
                junk[0] = (byte) switch (i % 4) {
                    case 0 -> random.nextInt(4);          // STUN range
                    case 1 -> 20 + random.nextInt(44);    // DTLS range
                    case 2 -> 128 + random.nextInt(64);   // RTP/RTCP range
                    default -> random.nextInt(256);
                };
                intruder.send(new DatagramPacket(junk, junk.length, pair.mux.localAddress()));
            }
        }
        exchangeMedia(pair, 100);
        assertThat(pair.mux.counters().drops(DropReason.UNKNOWN_SENDER)
                + pair.mux.counters().drops(DropReason.GARBAGE)
                + pair.mux.counters().drops(DropReason.TRUNCATED)).isPositive();
        assertThat(pair.server.srtpRejected()).isZero();
        assertThat(pair.server.state()).isEqualTo(PeerTransport.State.CONNECTED);
    }

    @Test
    void aPeerSendingFromTenThousandSsrcsGetsReceiveStateForAtMostTheSpareAllowance() throws Exception {
        pair = new TransportPair(dtls(SrtpProfile.AEAD_AES_128_GCM), DtlsRole.SERVER);
        pair.awaitConnected();
        exchangeMedia(pair, 1); // its SSRCs were not announced: 0xCAFE0001 takes one of the spare places
        int announced = 0xCAFE0002;
        pair.server.expectSsrcs(List.of(announced)); // as a renegotiation adding a track would

        byte[] payload = new byte[20];
        for (int i = 0; i < 10_000; i++) {
            assertThat(pair.client.sendRtp(Packets.rtp(1, 0x5000_0000 + i, payload), 0, 12 + payload.length))
                    .isTrue();
        }
        // After the flood, the announced SSRC (resent in case the socket dropped it) still gets through.
        Set<Integer> delivered = new HashSet<>();
        for (int seq = 1; !delivered.contains(announced) && seq <= 20; seq++) {
            assertThat(pair.client.sendRtp(Packets.rtp(seq, announced, payload), 0, 12 + payload.length)).isTrue();
            for (byte[] p = pair.serverEvents.rtp.poll(1, TimeUnit.SECONDS); p != null;
                    p = pair.serverEvents.rtp.poll(50, TimeUnit.MILLISECONDS)) {
                delivered.add(ByteBuffer.wrap(p).getInt(8));
            }
        }
        assertThat(delivered).contains(announced);
        assertThat(delivered).hasSizeLessThanOrEqualTo(1 + SrtpContext.MAX_UNSIGNALLED_STREAMS - 1);
        assertThat(pair.server.srtpUnknownStreams()).isPositive();
        assertThat(pair.server.srtpRejected()).isEqualTo(pair.server.srtpUnknownStreams());
        assertThat(pair.serverEvents.unknownStreamRtp.get()).as("the listener is told of each")
                .isEqualTo(pair.server.srtpUnknownStreams());
        exchangeMedia(pair, 100);
    }

    /** Five RTP packets and two RTCP packets each way, from a thread other than the loop; exact bytes. */
    static void exchangeMedia(TransportPair pair, int firstSeq) throws InterruptedException {
        for (int i = 0; i < 5; i++) {
            byte[] payload = new byte[100 + i];
            Arrays.fill(payload, (byte) i);
            byte[] up = Packets.rtp(firstSeq + i, 0xCAFE0001, payload);
            byte[] down = Packets.rtp(firstSeq + i, 0xBEEF0002, payload);
            byte[] upPlain = Arrays.copyOf(up, up.length - SrtpProfile.MAX_TRAILER);
            byte[] downPlain = Arrays.copyOf(down, down.length - SrtpProfile.MAX_TRAILER);
            assertThat(pair.client.sendRtp(up, 0, upPlain.length)).isTrue();
            assertThat(pair.server.sendRtp(down, 0, downPlain.length)).isTrue();
            assertThat(pair.serverEvents.rtp.poll(5, TimeUnit.SECONDS)).containsExactly(upPlain);
            assertThat(pair.clientEvents.rtp.poll(5, TimeUnit.SECONDS)).containsExactly(downPlain);
        }
        for (byte[] rtcp : new byte[][] {Packets.receiverReport(0xCAFE0001), Packets.pli(0xCAFE0001, 0xBEEF0002)}) {
            byte[] plain = Arrays.copyOf(rtcp, rtcp.length - SrtpProfile.MAX_TRAILER);
            assertThat(pair.client.sendRtcp(rtcp.clone(), 0, plain.length)).isTrue();
            assertThat(pair.server.sendRtcp(rtcp.clone(), 0, plain.length)).isTrue();
            assertThat(pair.serverEvents.rtcp.poll(5, TimeUnit.SECONDS)).containsExactly(plain);
            assertThat(pair.clientEvents.rtcp.poll(5, TimeUnit.SECONDS)).containsExactly(plain);
        }
    }
}
