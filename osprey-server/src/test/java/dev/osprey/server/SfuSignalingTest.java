package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.command;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.transport.LocalTransport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Ant Media publish and play flows over the WebSocket against the real SFU, with client-role
 * transports of osprey-webrtc in the browsers' place.
 */
class SfuSignalingTest {

    @TempDir
    Path dir;
    private OspreyServer server;
    private final JavaMediaClients clients = new JavaMediaClients();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of("media.advertisedAddress", "127.0.0.1",
                "media.publishTimeoutMs", 2000));
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    private TestSocket socket() {
        return TestSocket.connect(server.httpPort(), "/LiveApp/websocket");
    }

    @Test
    void publishPlayAndStopThroughTheProtocol() throws Exception {
        try (TestSocket publisher = socket(); TestSocket viewer = socket()) {
            viewer.send(Json.object("command", "play", "streamId", "java1"));
            JsonNode notYet = next(viewer, command("error"));
            assertThat(notYet.path("definition").asText()).isEqualTo("no_stream_exist");
            viewer.send(Json.object("command", "stop", "streamId", "java1"));

            clients.publish(publisher, "java1");

            AtomicLong received = clients.play(viewer, "java1", offer -> {
                assertThat(offer.path("idMapping").path("0").asText()).isEqualTo("ARDAMSajava1");
                assertThat(offer.path("idMapping").path("1").asText()).isEqualTo("ARDAMSvjava1");
            });
            await().atMost(WAIT).until(() -> received.get() > 10);

            publisher.send(Json.object("command", "getStreamInfo", "streamId", "java1"));
            JsonNode info = next(publisher, command("streamInformation")).path("streamInfo").get(0);
            assertThat(info.path("streamWidth").asInt()).isEqualTo(320);
            assertThat(info.path("streamHeight").asInt()).isEqualTo(240);
            assertThat(info.path("videoCodec").asText()).isEqualTo("VP8");

            publisher.send(Json.object("command", "stop", "streamId", "java1"));
            next(publisher, notification("publish_finished"));
            next(viewer, notification("play_finished"));
            await().atMost(WAIT).until(() -> server.media().service("LiveApp").sessionCount() == 0
                    && server.media().transportCount() == 0);
        }
    }

    @Test
    void aPublisherThatStopsSendingGetsPublishFinishedAfterTheTimeout() throws Exception {
        try (TestSocket publisher = socket()) {
            clients.publish(publisher, "java2");
            clients.stopPump();
            next(publisher, notification("publish_finished"));
            await().atMost(WAIT).until(() -> server.media().transportCount() == 0);
        }
    }

    @Test
    void anOfferWithoutCommonCodecIsAnsweredWithAnError() throws Exception {
        try (TestSocket publisher = socket()) {
            publisher.send(Json.object("command", "publish", "streamId", "java3"));
            next(publisher, command("start"));
            String offer = JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()))
                    .replace("opus/48000/2", "PCMA/8000").replace("VP8/90000", "H263/90000");
            publisher.send(Json.object("command", "takeConfiguration", "streamId", "java3", "type", "offer", "sdp", offer));
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
            clients.publish(publisher, "java4");
            viewer.send(Json.object("command", "play", "streamId", "java4"));
            next(viewer, command("takeConfiguration"));
            publisher.close();
            next(viewer, notification("play_finished"));
            await().atMost(WAIT).until(() -> server.media().transportCount() == 0);
        }
    }
}
