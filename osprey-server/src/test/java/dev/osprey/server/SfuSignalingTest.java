package dev.osprey.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.negotiation.HeaderExtensions;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * The Ant Media publish and play flows over the WebSocket against the real SFU, with client-role
 * transports of osprey-webrtc in the browsers' place.
 */
class SfuSignalingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final int AUDIO_SSRC = 0x0A0A0A0A;
    private static final int VIDEO_SSRC = 0x0B0B0B0B;
    /** VP8 descriptor, keyframe tag, start code, 320x240. */
    private static final byte[] VP8_KEY = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x40, 0x01, (byte) 0xf0, 0x00, 7};
    private static final Duration WAIT = Duration.ofSeconds(15);

    @TempDir
    Path dir;
    private OspreyServer server;
    private final List<PeerTransport> clients = new ArrayList<>();
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1",
                "media.publishTimeoutMs", 2000));
    }

    @AfterEach
    void stop() {
        pump.shutdownNow();
        clients.forEach(PeerTransport::close);
        server.stop();
    }

    private TestSocket socket() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    private static JsonNode next(TestSocket socket, Predicate<JsonNode> wanted) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = socket.poll(200);
            if (text != null) {
                JsonNode message = JSON.readTree(text);
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no such message within " + WAIT);
    }

    private static Predicate<JsonNode> command(String command) {
        return m -> command.equals(m.path("command").asText());
    }

    private static Predicate<JsonNode> notification(String definition) {
        return m -> "notification".equals(m.path("command").asText()) && definition.equals(m.path("definition").asText());
    }

    private static String message(Object... keyValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put((String) keyValues[i], String.valueOf(keyValues[i + 1]));
        }
        return node.toString();
    }

    private static String publisherOffer(LocalTransport local) {
        List<ExtMap> ext = List.of(ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));
        return SdpWriter.write(new OfferBuilder(TransportSdp.parameters(local, false), "5", 1)
                .addTrack(new SendTrack(MediaSection.AUDIO, "0", RtpCodec.of(111, "opus", 48000, 2), null,
                        Integer.toUnsignedLong(AUDIO_SSRC), null, "s", "a", "c", ext))
                .addTrack(new SendTrack(MediaSection.VIDEO, "1", RtpCodec.of(96, "VP8", 90000, null)
                        .withFeedback(List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI)), null,
                        Integer.toUnsignedLong(VIDEO_SSRC), null, "s", "v", "c", ext))
                .build());
    }

    private static byte[] rtp(int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length + SrtpProfile.MAX_TRAILER];
        p[0] = (byte) 0x80;
        p[1] = (byte) pt;
        p[2] = (byte) (seq >> 8);
        p[3] = (byte) seq;
        p[4] = (byte) (ts >> 24);
        p[5] = (byte) (ts >> 16);
        p[6] = (byte) (ts >> 8);
        p[7] = (byte) ts;
        p[8] = (byte) (ssrc >> 24);
        p[9] = (byte) (ssrc >> 16);
        p[10] = (byte) (ssrc >> 8);
        p[11] = (byte) ssrc;
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    /** Publishes {@code streamId} over {@code socket} and sends a keyframe and an audio packet every 20 ms. */
    private PeerTransport publish(TestSocket socket, String streamId) throws Exception {
        socket.send(message("command", "publish", "streamId", streamId));
        next(socket, command("start"));
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        socket.send(message("command", "takeConfiguration", "streamId", streamId, "type", "offer", "sdp",
                publisherOffer(local)));
        JsonNode answer = next(socket, command("takeConfiguration"));
        assertThat(answer.path("type").asText()).isEqualTo("answer");
        JsonNode candidate = next(socket, command("takeCandidate"));
        assertThat(candidate.path("candidate").asText()).contains(" 127.0.0.1 " + server.media().udpPort() + " typ host");
        socket.send(message("command", "takeCandidate", "streamId", streamId, "label", 0, "id", "0",
                "candidate", "candidate:1 1 udp 2122260223 127.0.0.1 9 typ host"));
        PeerTransport client = PeerTransport.client(LOOPBACK, local, TransportSdp.remoteFromAnswer(answer.path("sdp").asText()),
                DtlsConfig.defaults(), ICE, new PeerTransportListener() { });
        clients.add(client);
        int[] seq = {0};
        pump.scheduleAtFixedRate(() -> {
            if (client.state() == PeerTransport.State.CONNECTED) {
                byte[] v = rtp(96, seq[0], seq[0] * 3000, VIDEO_SSRC, VP8_KEY);
                client.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
                byte[] a = rtp(111, seq[0], seq[0] * 960, AUDIO_SSRC, new byte[] {1, 2, 3});
                client.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
                seq[0]++;
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
        next(socket, notification("publish_started"));
        return client;
    }

    @Test
    void publishPlayAndStopThroughTheProtocol() throws Exception {
        try (TestSocket publisher = socket(); TestSocket viewer = socket()) {
            viewer.send(message("command", "play", "streamId", "java1"));
            JsonNode notYet = next(viewer, command("error"));
            assertThat(notYet.path("definition").asText()).isEqualTo("no_stream_exist");
            viewer.send(message("command", "stop", "streamId", "java1"));

            publish(publisher, "java1");

            viewer.send(message("command", "play", "streamId", "java1"));
            JsonNode offer = next(viewer, command("takeConfiguration"));
            assertThat(offer.path("type").asText()).isEqualTo("offer");
            assertThat(offer.path("idMapping").path("0").asText()).isEqualTo("ARDAMSajava1");
            assertThat(offer.path("idMapping").path("1").asText()).isEqualTo("ARDAMSvjava1");
            JsonNode candidate = next(viewer, command("takeCandidate"));
            assertThat(candidate.path("label").asInt()).isZero();
            assertThat(candidate.path("id").asText()).isEqualTo("0");
            LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
            TransportSdp.Answer answer = TransportSdp.answer(offer.path("sdp").asText(),
                    LocalCapabilities.receiveDefaults().withDataChannels(false), local, "77");
            viewer.send(message("command", "takeConfiguration", "streamId", "java1", "type", "answer", "sdp", answer.sdp()));
            AtomicLong received = new AtomicLong();
            RtpPacket view = new RtpPacket();
            clients.add(PeerTransport.client(LOOPBACK, local, answer.remote(), DtlsConfig.defaults(), ICE,
                    new PeerTransportListener() {
                        @Override
                        public void onRtp(byte[] buf, int off, int len) {
                            if (view.wrap(buf, off, len) && view.payloadType() == 96) {
                                received.incrementAndGet();
                            }
                        }
                    }));
            next(viewer, notification("play_started"));
            await().atMost(WAIT).until(() -> received.get() > 10);

            publisher.send(message("command", "getStreamInfo", "streamId", "java1"));
            JsonNode info = next(publisher, command("streamInformation")).path("streamInfo").get(0);
            assertThat(info.path("streamWidth").asInt()).isEqualTo(320);
            assertThat(info.path("streamHeight").asInt()).isEqualTo(240);
            assertThat(info.path("videoCodec").asText()).isEqualTo("VP8");

            publisher.send(message("command", "stop", "streamId", "java1"));
            next(publisher, notification("publish_finished"));
            next(viewer, notification("play_finished"));
            await().atMost(WAIT).until(() -> server.media().service("LiveApp").sessionCount() == 0
                    && server.media().transportCount() == 0);
        }
    }

    @Test
    void aPublisherThatStopsSendingGetsPublishFinishedAfterTheTimeout() throws Exception {
        try (TestSocket publisher = socket()) {
            publish(publisher, "java2");
            pump.shutdownNow();
            next(publisher, notification("publish_finished"));
            await().atMost(WAIT).until(() -> server.media().transportCount() == 0);
        }
    }

    @Test
    void anOfferWithoutCommonCodecIsAnsweredWithAnError() throws Exception {
        try (TestSocket publisher = socket()) {
            publisher.send(message("command", "publish", "streamId", "java3"));
            next(publisher, command("start"));
            String offer = publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()))
                    .replace("opus/48000/2", "PCMA/8000").replace("VP8/90000", "H263/90000");
            publisher.send(message("command", "takeConfiguration", "streamId", "java3", "type", "offer", "sdp", offer));
            JsonNode error = next(publisher, command("error"));
            assertThat(error.path("definition").asText()).isEqualTo("notSetRemoteDescription");
            assertThat(error.path("information").asText()).contains("no acceptable codec");
            assertThat(server.media().transportCount()).isZero();
            assertThat(server.media().service("LiveApp").sessionCount()).isZero();
        }
    }

    @Test
    void closingThePublishersSocketEndsTheStreamForItsViewers() throws Exception {
        TestSocket publisher = socket();
        try (TestSocket viewer = socket()) {
            publish(publisher, "java4");
            viewer.send(message("command", "play", "streamId", "java4"));
            next(viewer, command("takeConfiguration"));
            publisher.close();
            next(viewer, notification("play_finished"));
            await().atMost(WAIT).until(() -> server.media().transportCount() == 0);
        }
    }
}
