package dev.osprey.webrtc.interop;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.Fir;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.negotiation.CodecCapability;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.MediaOutcome;
import dev.osprey.webrtc.sdp.negotiation.SendTrack;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import dev.osprey.webrtc.transport.TransportSdp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A browser interop endpoint over 127.0.0.1: a test page, {@code POST /publish} (the browser's offer in,
 * the server's ICE-lite/DTLS-passive answer out; decrypted RTP counted per SSRC and payload type),
 * {@code POST /play} (a server offer whose VP8 track forwards the published video), {@code POST /play-answer}
 * and {@code GET /stats} (JSON). Prints {@code LISTENING <url>} once ready.
 *
 * <p>Every piece of media state lives on the mux's event loop; HTTP handlers hop onto it.
 */
public final class InteropEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InteropEndpoint.class);
    static final int PLAY_VP8_PAYLOAD_TYPE = 100;
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final UdpMux mux;
    private final HttpServer http;
    private final DtlsCertificate certificate = DtlsCertificate.generate();
    private final DtlsConfig dtlsConfig;
    private final Vp8Forwarder forwarder = new Vp8Forwarder(PLAY_VP8_PAYLOAD_TYPE);
    private final Map<String, Long> publishedPackets = new TreeMap<>();
    private final RtcpCompoundReader rtcpReader = new RtcpCompoundReader();
    private final RtpPacket rtp = new RtpPacket();
    // Loop-confined state of the current publisher and player.
    private PeerTransport publisher;
    private PeerTransport player;
    private int publishVp8PayloadType = -1;
    private long publisherRtcp;
    private long playerRtcp;
    private long playerPlis;
    private long publishRequested;
    private long publishConnectedMs = -1;
    private long firstRtpMs = -1;
    private long playAnswered;
    private long playConnectedMs = -1;
    private long firstForwardMs = -1;

    InteropEndpoint(int httpPort, DtlsConfig dtlsConfig) throws IOException {
        this.dtlsConfig = dtlsConfig;
        this.mux = UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 32, true), Duration.ofSeconds(30),
                Duration.ofSeconds(1));
        this.http = HttpServer.create(new InetSocketAddress(LOOPBACK, httpPort), 16);
        http.createContext("/", this::page);
        http.createContext("/publish", exchange -> handle(exchange, this::publish));
        http.createContext("/play", exchange -> handle(exchange, this::play));
        http.createContext("/play-answer", exchange -> handle(exchange, this::playAnswer));
        http.createContext("/stats", exchange -> handle(exchange, body -> onLoop(this::statsJson)));
        http.start();
        mux.socket().eventLoop().scheduleAtFixedRate(() -> forwarder.requestKeyframe(false), 500, 500,
                TimeUnit.MILLISECONDS);
    }

    /** Arguments: [httpPort (0 = any)] [srtp profile: gcm | cm | both (default)]. */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        DtlsConfig dtls = DtlsConfig.defaults();
        if (args.length > 1 && args[1].equals("gcm")) {
            dtls = dtls.withSrtpProfiles(dev.osprey.webrtc.dtls.DtlsSrtpProfile.AEAD_AES_128_GCM);
        } else if (args.length > 1 && args[1].equals("cm")) {
            dtls = dtls.withSrtpProfiles(dev.osprey.webrtc.dtls.DtlsSrtpProfile.AES128_CM_HMAC_SHA1_80);
        }
        InteropEndpoint endpoint = new InteropEndpoint(port, dtls);
        Runtime.getRuntime().addShutdownHook(new Thread(endpoint::close));
        System.out.println("LISTENING http://127.0.0.1:" + endpoint.http.getAddress().getPort() + "/");
        System.out.flush();
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        http.stop(0);
        onLoopQuietly(() -> {
            closeQuietly(publisher);
            closeQuietly(player);
            return null;
        });
        mux.close();
    }

    // ---- HTTP ----

    private interface Handler {
        String handle(String body) throws Exception;
    }

    private void handle(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            int status = 200;
            String response;
            try {
                response = handler.handle(body);
            } catch (SdpRejectedException e) {
                status = 400;
                response = e.getMessage();
            } catch (Exception e) {
                LOG.warn("{} failed", exchange.getRequestURI(), e);
                status = 500;
                response = e.toString();
            }
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type",
                    response.startsWith("{") ? "application/json" : "text/plain; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void page(HttpExchange exchange) throws IOException {
        try (exchange; InputStream page = InteropEndpoint.class.getResourceAsStream("index.html")) {
            if (!exchange.getRequestURI().getPath().equals("/") || page == null) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            byte[] bytes = page.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    // ---- publish ----

    private String publish(String offer) throws Exception {
        LocalTransport local = LocalTransport.forMux(mux, certificate, List.of());
        LocalCapabilities caps = LocalCapabilities.receiveDefaults()
                .withVideoCodecs(List.of(CodecCapability.vp8()))
                .withRtx(false)
                .withDataChannels(false);
        TransportSdp.Answer answer = TransportSdp.answer(offer, caps, local, Long.toString(System.nanoTime()));
        int vp8 = vp8PayloadType(answer.result().media());
        onLoop(() -> {
            closeQuietly(publisher);
            publishedPackets.clear();
            publisherRtcp = 0;
            publishConnectedMs = -1;
            firstRtpMs = -1;
            publishRequested = System.nanoTime();
            publishVp8PayloadType = vp8;
            publisher = PeerTransport.server(mux, local, answer.remote(), dtlsConfig, new PublisherEvents());
            forwarder.publisher(publisher);
            return null;
        });
        LOG.info("publish: answered, VP8 payload type {}", vp8);
        return answer.sdp();
    }

    private static int vp8PayloadType(List<MediaOutcome> media) {
        for (MediaOutcome m : media) {
            if (m.accepted() && MediaSection.VIDEO.equals(m.kind())) {
                for (RtpCodec c : m.codecs()) {
                    if (c.is("VP8")) {
                        return c.payloadType();
                    }
                }
            }
        }
        return -1;
    }

    /** Publisher events, on the loop. */
    private final class PublisherEvents implements PeerTransportListener {
        @Override
        public void onConnected(SrtpProfile profile) {
            publishConnectedMs = millisSince(publishRequested);
            LOG.info("publish: connected with {} after {} ms", profile, publishConnectedMs);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            if (!rtp.wrap(buf, off, len)) {
                return;
            }
            if (firstRtpMs < 0) {
                firstRtpMs = millisSince(publishRequested);
            }
            String key = Integer.toUnsignedString(rtp.ssrc()) + "/" + rtp.payloadType();
            publishedPackets.merge(key, 1L, Long::sum);
            if (rtp.payloadType() == publishVp8PayloadType) {
                boolean wasStarted = forwarder.started();
                forwarder.onPublisherRtp(buf, off, len);
                if (!wasStarted && forwarder.started()) {
                    firstForwardMs = millisSince(playAnswered);
                }
            }
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            publisherRtcp++;
        }

        @Override
        public void onClosed(CloseReason reason) {
            LOG.info("publish: closed ({})", reason);
        }
    }

    // ---- play ----

    private String play(String ignored) throws Exception {
        LocalTransport local = LocalTransport.forMux(mux, certificate, List.of());
        RtpCodec vp8 = RtpCodec.of(PLAY_VP8_PAYLOAD_TYPE, "VP8", 90000, null)
                .withFeedback(List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI, RtcpFeedback.CCM_FIR));
        SendTrack track = new SendTrack(MediaSection.VIDEO, "0", vp8, null, Integer.toUnsignedLong(Vp8Forwarder.OUT_SSRC),
                null, "interop", "interop-video", "osprey-interop", List.of());
        String offer = SdpWriter.write(TransportSdp.offerBuilder(local, Long.toString(System.nanoTime()), 1)
                .addTrack(track).build());
        onLoop(() -> {
            closeQuietly(player);
            playerRtcp = 0;
            playerPlis = 0;
            playConnectedMs = -1;
            firstForwardMs = -1;
            player = PeerTransport.server(mux, local, null, dtlsConfig, new PlayerEvents());
            forwarder.player(player);
            return null;
        });
        return offer;
    }

    private String playAnswer(String answer) throws Exception {
        RemotePeer remote = TransportSdp.remoteFromAnswer(answer);
        PeerTransport current = onLoop(() -> {
            playAnswered = System.nanoTime();
            return player;
        });
        if (current == null) {
            throw new SdpRejectedException("no play offer is pending");
        }
        current.setRemote(remote);
        LOG.info("play: answer accepted, DTLS {}", remote.localDtlsRole());
        return "ok";
    }

    /** Player events, on the loop. */
    private final class PlayerEvents implements PeerTransportListener {
        @Override
        public void onConnected(SrtpProfile profile) {
            playConnectedMs = millisSince(playAnswered);
            LOG.info("play: connected with {} after {} ms", profile, playConnectedMs);
            forwarder.requestKeyframe(true);
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            playerRtcp++;
            if (!rtcpReader.wrap(buf, off, len)) {
                return;
            }
            while (rtcpReader.next()) {
                int at = rtcpReader.packetOffset();
                if (Pli.isValid(buf, at, rtcpReader.packetLength())
                        || Fir.isValid(buf, at, rtcpReader.packetLength())) {
                    playerPlis++;
                    forwarder.requestKeyframe(true);
                }
            }
        }

        @Override
        public void onClosed(CloseReason reason) {
            LOG.info("play: closed ({})", reason);
        }
    }

    // ---- stats ----

    private String statsJson() {
        StringBuilder json = new StringBuilder(512).append("{\"publish\":{");
        transportJson(json, publisher);
        json.append(",\"vp8PayloadType\":").append(publishVp8PayloadType)
                .append(",\"rtcp\":").append(publisherRtcp)
                .append(",\"connectedMs\":").append(publishConnectedMs)
                .append(",\"firstRtpMs\":").append(firstRtpMs)
                .append(",\"packets\":{");
        boolean first = true;
        for (Map.Entry<String, Long> e : publishedPackets.entrySet()) {
            json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":").append(e.getValue());
            first = false;
        }
        json.append("}},\"play\":{");
        transportJson(json, player);
        json.append(",\"payloadType\":").append(PLAY_VP8_PAYLOAD_TYPE)
                .append(",\"ssrc\":").append(Integer.toUnsignedLong(Vp8Forwarder.OUT_SSRC))
                .append(",\"forwarded\":").append(forwarder.forwarded)
                .append(",\"startedAtKeyframe\":").append(forwarder.started())
                .append(",\"keyframesSeen\":").append(forwarder.keyframesSeen)
                .append(",\"plisSent\":").append(forwarder.plisSent)
                .append(",\"rtcp\":").append(playerRtcp)
                .append(",\"plisReceived\":").append(playerPlis)
                .append(",\"connectedMs\":").append(playConnectedMs)
                .append(",\"firstForwardMs\":").append(firstForwardMs)
                .append("}}");
        return json.toString();
    }

    private static void transportJson(StringBuilder json, PeerTransport t) {
        if (t == null) {
            json.append("\"state\":null");
            return;
        }
        json.append("\"state\":\"").append(t.state()).append('"')
                .append(",\"srtpProfile\":").append(t.srtpProfile() == null ? "null" : "\"" + t.srtpProfile() + "\"")
                .append(",\"dtlsRole\":").append(t.dtlsRole() == null ? "null" : "\"" + t.dtlsRole() + "\"")
                .append(",\"rtpReceived\":").append(t.rtpReceived())
                .append(",\"rtcpReceived\":").append(t.rtcpReceived())
                .append(",\"srtpRejected\":").append(t.srtpRejected())
                .append(",\"sendDrops\":").append(t.sendDrops());
    }

    // ---- helpers ----

    private <T> T onLoop(Callable<T> task) throws Exception {
        return mux.socket().eventLoop().submit(task).get(10, TimeUnit.SECONDS);
    }

    private void onLoopQuietly(Callable<?> task) {
        try {
            onLoop(task);
        } catch (Exception e) {
            LOG.debug("ignored during shutdown: {}", e.toString());
        }
    }

    private static void closeQuietly(PeerTransport t) {
        if (t != null) {
            t.close(); // on the loop: returns at once, the release completes in the background
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }
}
