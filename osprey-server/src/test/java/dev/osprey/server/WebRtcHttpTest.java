package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.WAIT;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sdp.negotiation.TransportParameters;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WHIP and WHEP over plain HTTP: Java client-role peers publish and play through the HTTP endpoints,
 * WebSocket viewers and REST see the same broadcasts, and every refusal has its HTTP status.
 */
class WebRtcHttpTest {
    /** The WHEP viewer's payload types, none of them the publisher's (Opus 111, VP8 96). */
    private static final int VIEWER_OPUS = 109;
    private static final int VIEWER_VP8 = 100;
    private static final int VIEWER_RTX = 101;

    @TempDir
    Path dir;
    private OspreyServer server;
    private WhipClient whip;
    private final JavaMediaClients clients = new JavaMediaClients();

    private void start(Map<String, Object> overrides) throws Exception {
        server = TestServers.start(TestWebRoot.create(dir), overrides);
        whip = new WhipClient(server.httpPort());
    }

    @AfterEach
    void stop() {
        clients.close();
        if (server != null) {
            server.stop();
        }
    }

    /** A WHIP publish: its resource, and its media source. */
    private record Publish(String location, ScheduledFuture<?> media) {
    }

    /** WHIP-publishes {@code streamId} from a Java peer sending VP8 and Opus; returns the Location once REST says broadcasting. */
    private String publish(String streamId) throws Exception {
        return publishWithMedia(streamId).location();
    }

    private Publish publishWithMedia(String streamId) throws Exception {
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        HttpResponse<String> answer = whip.whip(streamId, JavaMediaClients.publisherOffer(local));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        ScheduledFuture<?> media = clients.pumpMedia(clients.connect(local, answer.body(), new PeerTransportListener() { }));
        await().atMost(WAIT).until(() -> isBroadcasting(streamId));
        return new Publish(answer.headers().firstValue("Location").orElseThrow(), media);
    }

    private boolean isBroadcasting(String streamId) {
        JsonNode b = whip.broadcast(streamId);
        return b != null && "broadcasting".equals(b.path("status").asText());
    }

    /** A WHEP player's offer: recvonly Opus (and PCMU) and VP8 with rtx, under the viewer's own payload types. */
    static String viewerOffer(LocalTransport local) {
        TransportParameters t = TransportSdp.parameters(local, false);
        String transport = "c=IN IP4 0.0.0.0\r\na=ice-ufrag:" + t.iceUfrag() + "\r\na=ice-pwd:" + t.icePwd()
                + "\r\na=fingerprint:" + t.fingerprint().algorithm() + " " + t.fingerprint().hex()
                + "\r\na=setup:actpass\r\na=rtcp-mux\r\na=recvonly\r\n";
        return "v=0\r\no=- 5 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF " + VIEWER_OPUS + " 0\r\n" + transport + "a=mid:a\r\n"
                + "a=rtpmap:" + VIEWER_OPUS + " opus/48000/2\r\na=fmtp:" + VIEWER_OPUS + " minptime=10;useinbandfec=1\r\n"
                + "a=rtpmap:0 PCMU/8000\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF " + VIEWER_VP8 + " " + VIEWER_RTX + "\r\n" + transport + "a=mid:v\r\n"
                + "a=rtpmap:" + VIEWER_VP8 + " VP8/90000\r\na=rtcp-fb:" + VIEWER_VP8 + " nack\r\na=rtcp-fb:" + VIEWER_VP8
                + " nack pli\r\n"
                + "a=rtpmap:" + VIEWER_RTX + " rtx/90000\r\na=fmtp:" + VIEWER_RTX + " apt=" + VIEWER_VP8 + "\r\n";
    }

    @Test
    void aWhipPublishIsAWebRtcBroadcastPlayedUntilItsResourceIsDeleted() throws Exception {
        start(Map.of());
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        HttpResponse<String> answer = whip.whip("w1", JavaMediaClients.publisherOffer(local));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/sdp");
        assertThat(answer.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(answer.headers().firstValue("ETag")).hasValueSatisfying(etag -> assertThat(etag).matches("\"\\w+\""));
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/LiveApp/whip/w1/\\w+");
        assertThat(answer.body()).startsWith("v=0").contains("a=ice-lite").contains("a=recvonly").contains("VP8/90000");

        clients.pumpMedia(clients.connect(local, answer.body(), new PeerTransportListener() { }));
        await().atMost(WAIT).until(() -> isBroadcasting("w1"));
        assertThat(whip.broadcast("w1").path("publishType").asText()).isEqualTo("WebRTC");
        assertThat(whip.send("PATCH", location, WhipClient.TRICKLE, "a=end-of-candidates\r\n").statusCode())
                .as("trickle ICE has nothing to do on an ICE-lite server").isEqualTo(204);

        try (TestSocket viewer = TestSocket.connect(server.httpPort(), "/LiveApp/websocket")) {
            AtomicLong video = clients.play(viewer, "w1");
            await().atMost(WAIT).until(() -> video.get() > 20);
            assertThat(whip.delete(location).statusCode()).isEqualTo(200);
            next(viewer, notification("play_finished"));
        }
        assertThat(whip.delete(location).statusCode()).isEqualTo(404);
        await().atMost(WAIT).until(() -> !isBroadcasting("w1"));
    }

    @Test
    void malformedRequestsAreRefusedWithTheirStatusCodes() throws Exception {
        start(Map.of());
        String offer = JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()));
        assertThat(whip.post("whip", "r1", "application/json", offer).statusCode()).isEqualTo(415);
        assertThat(whip.post("whip", "r1", null, offer).statusCode()).isEqualTo(415);
        assertThat(whip.whip("r1", "").statusCode()).isEqualTo(400);
        HttpResponse<String> garbage = whip.whip("r1", "this is no SDP");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.body()).contains("notSetRemoteDescription");
        assertThat(whip.whip("bad$id", offer).statusCode()).isEqualTo(400);
        assertThat(whip.whip("x".repeat(256), offer).statusCode()).isEqualTo(400);
        HttpResponse<String> tooBig = whip.whip("r1", offer + "a=x-padding:" + "p".repeat(64 * 1024) + "\r\n");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(tooBig.headers().firstValue("Access-Control-Allow-Origin")).as("readable by a page").hasValue("*");
        assertThat(whip.whep("nothingLive", viewerOffer(LocalTransport.forClient(DtlsCertificate.generate())))
                .statusCode()).isEqualTo(404);

        assertThat(whip.delete("/LiveApp/whip/r1/noSuchResource").statusCode()).isEqualTo(404);
        assertThat(whip.send("PATCH", "/LiveApp/whip/r1/noSuchResource", WhipClient.TRICKLE, "a=end-of-candidates\r\n")
                .statusCode()).isEqualTo(404);
        assertThat(whip.delete("/LiveApp/whep/r1/noSuchResource").statusCode()).isEqualTo(404);
        assertThat(whip.broadcast("r1")).as("no refused publish left a broadcast").isNull();
    }

    @Test
    void aPatchMustBeATrickleFragmentOfThisSessionAndDeleteOnlyEndsItsOwnSession() throws Exception {
        start(Map.of());
        String location = publish("p1");
        assertThat(whip.send("PATCH", location, "text/plain", "a=end-of-candidates\r\n").statusCode()).isEqualTo(415);
        String etag = whip.whip("p2", JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())))
                .headers().firstValue("ETag").orElseThrow();
        String second = location.replace("/p1/", "/p2/");
        assertThat(whip.send("PATCH", location, WhipClient.TRICKLE, "a=end-of-candidates\r\n", "If-Match", etag).statusCode())
                .as("another session's ETag").isEqualTo(412);
        assertThat(whip.send("PATCH", location, WhipClient.TRICKLE, "a=ice-ufrag:new1\r\na=ice-pwd:new1new1new1new1new1new1\r\n",
                "If-Match", "*").statusCode()).as("an ICE restart").isEqualTo(422);
        assertThat(whip.delete(location.replace("/whip/", "/whep/")).statusCode()).isEqualTo(404);
        assertThat(whip.delete(second).statusCode()).as("p2's resource is another").isEqualTo(404);
        assertThat(isBroadcasting("p1")).isTrue();
        assertThat(whip.delete(location).statusCode()).isEqualTo(200);
    }

    @Test
    void aPreflightAllowsTheMethodsAndHeadersOfWhipAndWhep() throws Exception {
        start(Map.of());
        HttpResponse<String> endpoint = whip.send("OPTIONS", "/LiveApp/whip/o1", null, null);
        assertThat(endpoint.statusCode()).isEqualTo(204);
        assertThat(endpoint.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(endpoint.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                m -> assertThat(m).contains("POST"));
        assertThat(endpoint.headers().firstValue("Access-Control-Allow-Headers")).hasValueSatisfying(
                h -> assertThat(h).contains("Authorization").contains("Content-Type"));
        HttpResponse<String> resource = whip.send("OPTIONS", "/LiveApp/whep/o1/someResource", null, null);
        assertThat(resource.statusCode()).isEqualTo(204);
        assertThat(resource.headers().firstValue("Access-Control-Allow-Methods")).hasValueSatisfying(
                m -> assertThat(m).contains("DELETE").contains("PATCH"));
    }

    @Test
    void aLiveStreamIsNotTakenOverByAnotherWhipPublishFromAnyAddress() throws Exception {
        start(Map.of());
        String location = publish("live1");
        HttpResponse<String> stranger = WhipClient.from(server.httpPort(), "127.0.0.2")
                .whip("live1", JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())));
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(409);
        HttpResponse<String> sameAddress = whip.whip("live1",
                JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())));
        assertThat(sameAddress.statusCode()).as("the stream is live, not stale").isEqualTo(409);
        assertThat(isBroadcasting("live1")).isTrue();
        assertThat(whip.delete(location).statusCode()).isEqualTo(200);
    }

    @Test
    void aStaleStreamIsTakenOverByAWhipPublishFromItsPublishersAddressOnly() throws Exception {
        start(Map.of("media.publishTimeoutMs", 8000));
        Publish first = publishWithMedia("stale1");
        first.media().cancel(false); // the encoder's network drops; its session is not ended yet
        WhipClient stranger = WhipClient.from(server.httpPort(), "127.0.0.2");
        Thread.sleep(2500); // a publisher silent for 2 s may be taken over
        HttpResponse<String> refused = stranger.whip("stale1",
                JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
        String[] location = new String[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(250)).until(() -> {
            LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
            HttpResponse<String> answer = whip.whip("stale1", JavaMediaClients.publisherOffer(local));
            assertThat(answer.statusCode()).as(answer.body()).isIn(201, 409);
            if (answer.statusCode() == 201) {
                location[0] = answer.headers().firstValue("Location").orElseThrow();
                clients.pumpMedia(clients.connect(local, answer.body(), new PeerTransportListener() { }));
            }
            return answer.statusCode() == 201;
        });
        // The taken-over session ended: its resource is gone (a PATCH looks without ending anything).
        await().atMost(WAIT).until(() -> whip.send("PATCH", first.location(), WhipClient.TRICKLE,
                "a=end-of-candidates\r\n").statusCode() == 404);
        await().atMost(WAIT).until(() -> isBroadcasting("stale1"));
        assertThat(whip.delete(location[0]).statusCode()).isEqualTo(200);
    }

    @Test
    void anAddressHoldsAtMostTheConfiguredNumberOfSessions() throws Exception {
        start(Map.of("websocket.maxConnectionsPerAddress", 2));
        String first = publish("cap1");
        String offer = JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()));
        assertThat(whip.whip("cap2", offer).statusCode()).isEqualTo(201);
        assertThat(whip.whip("cap3", offer).statusCode()).isEqualTo(429);
        assertThat(whip.whep("cap1", viewerOffer(LocalTransport.forClient(DtlsCertificate.generate()))).statusCode())
                .isEqualTo(429);
        assertThat(WhipClient.from(server.httpPort(), "127.0.0.2").whep("cap1",
                viewerOffer(LocalTransport.forClient(DtlsCertificate.generate()))).statusCode())
                .as("another address has sessions of its own").isEqualTo(201);
        assertThat(whip.delete(first).statusCode()).isEqualTo(200);
        assertThat(whip.whip("cap3", offer).statusCode()).isEqualTo(201);
    }

    /** {@link #viewerOffer} with H.264 where VP8 was. */
    private static String h264ViewerOffer() {
        return viewerOffer(LocalTransport.forClient(DtlsCertificate.generate()))
                .replace(" VP8/90000", " H264/90000").replace("a=rtcp-fb:" + VIEWER_VP8 + " nack pli\r\n",
                        "a=rtcp-fb:" + VIEWER_VP8 + " nack pli\r\na=fmtp:" + VIEWER_VP8
                                + " level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f\r\n");
    }

    @Test
    void aWhepOfferWithoutThePublishersCodecGetsOnlyWhatItCanPlay() throws Exception {
        start(Map.of("websocket.maxConnectionsPerAddress", 2));
        String publisher = publish("codec1");
        HttpResponse<String> audioOnly = whip.whep("codec1", h264ViewerOffer());
        assertThat(audioOnly.statusCode()).as(audioOnly.body()).isEqualTo(201);
        assertThat(audioOnly.body()).contains("m=video 0 ").contains("a=rtpmap:" + VIEWER_OPUS + " opus/48000/2");
        assertThat(whip.delete(audioOnly.headers().firstValue("Location").orElseThrow()).statusCode()).isEqualTo(200);

        String h264VideoOnly = h264ViewerOffer().replace("a=group:BUNDLE a v", "a=group:BUNDLE v")
                .replaceAll("(?s)m=audio.*?(?=m=video)", "");
        HttpResponse<String> refused = whip.whep("codec1", h264VideoOnly);
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("notSetRemoteDescription");
        // The refused play gave its slot back: with the publish's, this address holds two again.
        assertThat(whip.whep("codec1", viewerOffer(LocalTransport.forClient(DtlsCertificate.generate()))).statusCode())
                .isEqualTo(201);
        assertThat(whip.delete(publisher).statusCode()).isEqualTo(200);
    }

    @Test
    void aSessionEndedByTheServerFreesItsResourceAndItsAddressSlot() throws Exception {
        start(Map.of("websocket.maxConnectionsPerAddress", 1, "media.publishTimeoutMs", 1500));
        String stopped = publish("end1");
        assertThat(whip.send("POST", "/LiveApp/rest/v2/broadcasts/end1/stop", null, null).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> whip.send("PATCH", stopped, WhipClient.TRICKLE, "a=end-of-candidates\r\n")
                .statusCode() == 404);

        // An encoder that never connects: its publish times out and takes its session along.
        HttpResponse<String> silent = whip.whip("end2",
                JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())));
        assertThat(silent.statusCode()).as(silent.body()).isEqualTo(201);
        String offer = JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()));
        assertThat(whip.whip("end3", offer).statusCode()).isEqualTo(429);
        await().atMost(WAIT).pollInterval(Duration.ofMillis(300)).until(() -> whip.whip("end3", offer).statusCode() == 201);
        assertThat(whip.send("PATCH", silent.headers().firstValue("Location").orElseThrow(), WhipClient.TRICKLE,
                "a=end-of-candidates\r\n").statusCode()).isEqualTo(404);
    }

    @Test
    void aPublishWhoseClientLeftBeforeTheAnswerEndsAtOnce() throws Exception {
        start(Map.of("websocket.maxConnectionsPerAddress", 1, "media.publishTimeoutMs", 60_000));
        byte[] offer = JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate()))
                .getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /LiveApp/whip/gone1 HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sdp\r\n"
                    + "Content-Length: " + offer.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(offer);
            out.flush();
        }
        // Its retry is neither 429 (the address's one slot) nor 409 (the stream id) for the media timeout's minute.
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            HttpResponse<String> retry = whip.whip("gone1",
                    JavaMediaClients.publisherOffer(LocalTransport.forClient(DtlsCertificate.generate())));
            assertThat(retry.statusCode()).as(retry.body()).isIn(201, 409, 429);
            return retry.statusCode() == 201;
        });
    }

    @Test
    void aWhepViewerReceivesTheStreamUnderItsOwnPayloadTypesUntilItOrThePublishEnds() throws Exception {
        start(Map.of());
        String publisher = publish("v1");
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        HttpResponse<String> answer = whip.whep("v1", viewerOffer(local));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/sdp");
        String location = answer.headers().firstValue("Location").orElseThrow();
        assertThat(location).matches("/LiveApp/whep/v1/\\w+");
        assertThat(answer.body()).contains("a=sendonly").contains("a=rtpmap:" + VIEWER_VP8 + " VP8/90000")
                .contains("a=rtpmap:" + VIEWER_OPUS + " opus/48000/2");

        AtomicLong video = new AtomicLong();
        AtomicLong audio = new AtomicLong();
        AtomicLong other = new AtomicLong();
        RtpPacket packet = new RtpPacket();
        clients.connect(local, answer.body(), new PeerTransportListener() {
            @Override
            public void onRtp(byte[] buf, int off, int len) {
                if (packet.wrap(buf, off, len)) {
                    (packet.payloadType() == VIEWER_VP8 ? video : packet.payloadType() == VIEWER_OPUS ? audio : other)
                            .incrementAndGet();
                }
            }
        });
        await().atMost(WAIT).until(() -> video.get() > 20 && audio.get() > 20);
        assertThat(other.get()).as("packets under a payload type the viewer did not offer (rtx aside)").isZero();
        await().atMost(WAIT).until(() -> whip.broadcast("v1").path("webRTCViewerCount").asInt() == 1);

        assertThat(whip.delete(location).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> whip.broadcast("v1").path("webRTCViewerCount").asInt() == 0);
        assertThat(whip.delete(location).statusCode()).isEqualTo(404);
        assertThat(isBroadcasting("v1")).as("the viewer leaving does not end the broadcast").isTrue();

        String another = whip.whep("v1", viewerOffer(LocalTransport.forClient(DtlsCertificate.generate())))
                .headers().firstValue("Location").orElseThrow();
        assertThat(whip.delete(publisher).statusCode()).isEqualTo(200);
        await().atMost(WAIT).until(() -> whip.send("PATCH", another, WhipClient.TRICKLE, "a=end-of-candidates\r\n")
                .statusCode() == 404);
    }
}
