package dev.osprey.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sdp.ExtMap;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtcpFeedback;
import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.SdpParser;
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

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Java publishers and viewers over the Ant Media protocol, with osprey-webrtc's client-role
 * transports in the browsers' place: the publisher sends a VP8 keyframe (320x240) and an Opus
 * packet every 20 ms; a viewer counts the video packets it decrypts.
 */
final class JavaMediaClients implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final int AUDIO_SSRC = 0x0C0C0C0C;
    private static final int VIDEO_SSRC = 0x0D0D0D0D;
    private static final int VP8 = 96;
    private static final int OPUS = 111;
    /** VP8 descriptor, keyframe tag, start code, 320x240. */
    private static final byte[] VP8_KEY = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x40, 0x01, (byte) 0xf0, 0x00, 7};
    static final Duration WAIT = Duration.ofSeconds(15);

    private final List<PeerTransport> transports = new ArrayList<>();
    private final ScheduledExecutorService pump = Executors.newSingleThreadScheduledExecutor();

    /** The next message matching {@code wanted}, skipping others; fails after {@link #WAIT}. */
    static JsonNode next(TestSocket socket, Predicate<JsonNode> wanted) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = socket.poll(200);
            if (text != null) {
                JsonNode message = Json.parse(text);
                if (wanted.test(message)) {
                    return message;
                }
            }
        }
        throw new AssertionError("no such message within " + WAIT);
    }

    static Predicate<JsonNode> command(String command) {
        return m -> command.equals(m.path("command").asText());
    }

    static Predicate<JsonNode> notification(String definition) {
        return m -> "notification".equals(m.path("command").asText()) && definition.equals(m.path("definition").asText());
    }

    /** A publisher's media source; {@link #stopMedia()} silences it as a dropped network would. */
    record Publisher(ScheduledFuture<?> media) {
        void stopMedia() {
            media.cancel(false);
        }
    }

    /** Publishes {@code streamId} over {@code socket}; returns once {@code publish_started} arrived. */
    Publisher publish(TestSocket socket, String streamId) throws Exception {
        return publish(socket, streamId, 0, true);
    }

    /**
     * As {@link #publish(TestSocket, String)}, with {@code ssrcOffset} added to the SSRCs (a reconnected
     * browser picks new ones) and, unless {@code video}, audio only.
     */
    Publisher publish(TestSocket socket, String streamId, int ssrcOffset, boolean video) throws Exception {
        socket.send(Json.object("command", "publish", "streamId", streamId));
        next(socket, command("start"));
        return offer(socket, streamId, ssrcOffset, video);
    }

    /** Continues a publish the server answered with {@code start}: offer, connect, media; returns at {@code publish_started}. */
    Publisher offer(TestSocket socket, String streamId, int ssrcOffset, boolean video) throws Exception {
        int audioSsrc = AUDIO_SSRC + ssrcOffset;
        int videoSsrc = VIDEO_SSRC + ssrcOffset;
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        socket.send(Json.object("command", "takeConfiguration", "streamId", streamId, "type", "offer", "sdp",
                publisherOffer(local, audioSsrc, video ? videoSsrc : 0)));
        JsonNode answer = next(socket, command("takeConfiguration"));
        assertThat(answer.path("type").asText()).isEqualTo("answer");
        // The server trickles its host candidate on loopback as well as putting it in the answer.
        assertThat(next(socket, command("takeCandidate")).path("candidate").asText()).contains(" 127.0.0.1 ").endsWith(" typ host");
        PeerTransport client = connect(local, answer.path("sdp").asText(), new PeerTransportListener() { });
        ScheduledFuture<?> media = pumpMedia(client, audioSsrc, video ? videoSsrc : 0);
        next(socket, notification("publish_started"));
        return new Publisher(media);
    }

    /** A client-role peer that connects to the server's {@code answerSdp}; closed with these clients. */
    PeerTransport connect(LocalTransport local, String answerSdp, PeerTransportListener listener) throws Exception {
        PeerTransport client = PeerTransport.client(LOOPBACK, local, TransportSdp.remoteFromAnswer(answerSdp),
                DtlsConfig.defaults(), ICE, listener);
        synchronized (transports) {
            transports.add(client);
        }
        return client;
    }

    /**
     * Sends a VP8 keyframe and an Opus packet every 20 ms once {@code client} is connected, under the SSRCs
     * of {@link #publisherOffer(LocalTransport)} unless given; no video when {@code videoSsrc} is 0.
     */
    ScheduledFuture<?> pumpMedia(PeerTransport client) {
        return pumpMedia(client, AUDIO_SSRC, VIDEO_SSRC);
    }

    private ScheduledFuture<?> pumpMedia(PeerTransport client, int audioSsrc, int videoSsrc) {
        boolean video = videoSsrc != 0;
        int[] seq = {0};
        return pump.scheduleAtFixedRate(() -> {
            if (client.state() == PeerTransport.State.CONNECTED) {
                if (video) {
                    byte[] v = rtp(VP8, seq[0], seq[0] * 3000, videoSsrc, VP8_KEY);
                    client.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
                }
                byte[] a = rtp(OPUS, seq[0], seq[0] * 960, audioSsrc, new byte[] {1, 2, 3});
                client.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
                seq[0]++;
            }
        }, 20, 20, TimeUnit.MILLISECONDS);
    }

    /** Plays {@code streamId} over {@code socket}; returns the viewer's video packet count once {@code play_started} arrived. */
    AtomicLong play(TestSocket socket, String streamId) throws Exception {
        return play(socket, streamId, offer -> { });
    }

    /** As {@link #play(TestSocket, String)}, handing the server's offer to {@code checkOffer} first. */
    AtomicLong play(TestSocket socket, String streamId, Consumer<JsonNode> checkOffer) throws Exception {
        return play(socket, streamId, checkOffer, ConcurrentHashMap.newKeySet());
    }

    /** As {@link #play(TestSocket, String)}, adding the SSRC of every video packet received to {@code videoSsrcs}. */
    AtomicLong play(TestSocket socket, String streamId, Set<Integer> videoSsrcs) throws Exception {
        return play(socket, streamId, offer -> { }, videoSsrcs);
    }

    private AtomicLong play(TestSocket socket, String streamId, Consumer<JsonNode> checkOffer,
                            Set<Integer> videoSsrcs) throws Exception {
        socket.send(Json.object("command", "play", "streamId", streamId));
        JsonNode offer = next(socket, command("takeConfiguration"));
        assertThat(offer.path("type").asText()).isEqualTo("offer");
        checkOffer.accept(offer);
        JsonNode candidate = next(socket, command("takeCandidate"));
        assertThat(candidate.path("label").asInt()).isZero();
        assertThat(candidate.path("id").asText()).isEqualTo("0");
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        TransportSdp.Answer answer = TransportSdp.answer(offer.path("sdp").asText(),
                LocalCapabilities.receiveDefaults().withDataChannels(false), local, "7");
        socket.send(Json.object("command", "takeConfiguration", "streamId", streamId, "type", "answer", "sdp", answer.sdp()));
        AtomicLong video = new AtomicLong();
        RtpPacket view = new RtpPacket();
        int videoPayloadType = SdpParser.parse(offer.path("sdp").asText()).media().stream()
                .filter(m -> m.type().equals("video")).findFirst()
                .map(m -> m.codecs().get(0).payloadType()).orElse(VP8);
        PeerTransport client = PeerTransport.client(LOOPBACK, local, answer.remote(), DtlsConfig.defaults(), ICE,
                new PeerTransportListener() {
                    @Override
                    public void onRtp(byte[] buf, int off, int len) {
                        if (view.wrap(buf, off, len) && view.payloadType() == videoPayloadType) {
                            videoSsrcs.add(view.ssrc());
                            video.incrementAndGet();
                        }
                    }
                });
        synchronized (transports) {
            transports.add(client);
        }
        next(socket, notification("play_started"));
        return video;
    }

    /** Stops sending media (the publisher's transport stays open until {@link #close()}). */
    void stopPump() {
        pump.shutdownNow();
    }

    /** A publisher's offer: Opus + VP8 with NACK/PLI and transport-cc, sendonly. */
    static String publisherOffer(LocalTransport local) {
        return publisherOffer(local, AUDIO_SSRC, VIDEO_SSRC);
    }

    /** As {@link #publisherOffer(LocalTransport)} with these SSRCs; without video when {@code videoSsrc} is 0. */
    private static String publisherOffer(LocalTransport local, int audioSsrc, int videoSsrc) {
        List<ExtMap> ext = List.of(ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));
        OfferBuilder offer = new OfferBuilder(TransportSdp.parameters(local, false), "5", 1)
                .addTrack(new SendTrack(MediaSection.AUDIO, "0", RtpCodec.of(OPUS, "opus", 48000, 2), null,
                        Integer.toUnsignedLong(audioSsrc), null, "s", "a", "c", ext));
        if (videoSsrc != 0) {
            offer.addTrack(new SendTrack(MediaSection.VIDEO, "1", RtpCodec.of(VP8, "VP8", 90000, null)
                    .withFeedback(List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI)), null,
                    Integer.toUnsignedLong(videoSsrc), null, "s", "v", "c", ext));
        }
        return SdpWriter.write(offer.build());
    }

    private static byte[] rtp(int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length + SrtpProfile.MAX_TRAILER];
        RtpPacket.writeHeader(p, 0, false, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    @Override
    public void close() {
        pump.shutdownNow();
        synchronized (transports) {
            transports.forEach(PeerTransport::close);
        }
    }
}
