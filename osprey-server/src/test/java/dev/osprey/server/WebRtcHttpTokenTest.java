package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

/**
 * With publish and play token control on, WHIP and WHEP take the stream's one-time token as a bearer
 * token or as {@code ?token=}, exactly as the WebSocket {@code publish} and {@code play} commands do.
 */
class WebRtcHttpTokenTest {

    @TempDir
    Path dir;
    private OspreyServer server;
    private WhipClient whip;
    private final JavaMediaClients clients = new JavaMediaClients();

    @BeforeEach
    void start() throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), Map.of());
        whip = new WhipClient(server.httpPort());
        HttpResponse<String> settings = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.httpPort() + "/rest/v2/applications/settings/LiveApp"))
                .header("Cookie", TestAdmin.login(server.httpPort())).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"publishTokenControlEnabled\":true,\"playTokenControlEnabled\":true}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(settings.statusCode()).as(settings.body()).isEqualTo(200);
    }

    @AfterEach
    void stop() {
        clients.close();
        server.stop();
    }

    private static String publisherOffer() {
        return JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()));
    }

    private static String viewerOffer() {
        return WebRtcHttpTest.viewerOffer(LocalTransport.forClient(DtlsCertificate.generate()));
    }

    @Test
    void aWhipPublishNeedsThePublishTokenAsBearerOrQueryParameter() {
        String forPlay = whip.token("t1", "play");
        assertThat(whip.whip("t1", publisherOffer()).statusCode()).isEqualTo(401);
        assertThat(whip.whip("t1", publisherOffer(), "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(whip.whip("t1", publisherOffer(), "Authorization", "Bearer " + forPlay).statusCode()).isEqualTo(401);

        HttpResponse<String> bearer = whip.whip("t1", publisherOffer(), "Authorization", "Bearer " + whip.token("t1", "publish"));
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(201);
        assertThat(whip.delete(bearer.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(200);

        HttpResponse<String> query = whip.whip("t1?token=" + whip.token("t1", "publish"), publisherOffer());
        assertThat(query.statusCode()).as(query.body()).isEqualTo(201);
        assertThat(query.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/LiveApp/whip/t1/"));
    }

    @Test
    void aWhepPlayNeedsThePlayTokenAsBearerOrQueryParameter() throws Exception {
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        HttpResponse<String> published = whip.whip("t2", JavaMediaClients.publisherOffer(local),
                "Authorization", "Bearer " + whip.token("t2", "publish"));
        assertThat(published.statusCode()).as(published.body()).isEqualTo(201);
        clients.pumpMedia(clients.connect(local, published.body(), new PeerTransportListener() { }));
        await().atMost(WAIT).until(() -> {
            JsonNode b = whip.broadcast("t2");
            return b != null && "broadcasting".equals(b.path("status").asText());
        });

        assertThat(whip.whep("t2", viewerOffer()).statusCode()).isEqualTo(401);
        assertThat(whip.whep("t2", viewerOffer(), "Authorization", "Bearer " + whip.token("t2", "publish")).statusCode())
                .isEqualTo(401);
        HttpResponse<String> bearer = whip.whep("t2", viewerOffer(), "Authorization", "Bearer " + whip.token("t2", "play"));
        assertThat(bearer.statusCode()).as(bearer.body()).isEqualTo(201);
        HttpResponse<String> query = whip.whep("t2?token=" + whip.token("t2", "play"), viewerOffer());
        assertThat(query.statusCode()).as(query.body()).isEqualTo(201);
    }
}
