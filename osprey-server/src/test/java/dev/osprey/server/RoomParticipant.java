package dev.osprey.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A synthetic conference participant speaking the multitrack flow like the SDK's conference page:
 * {@code publish{mainTrack: room}}, then once live {@code play{streamId: room, trackList: ["!own"]}};
 * it answers every (re-)offer of the room connection and pumps a VP8 keyframe and an Opus packet at
 * {@link #pump()}. Not thread-safe: one driver thread calls {@link #poll()} and {@link #pump()}.
 */
final class RoomParticipant {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));
    /** VP8 descriptor, keyframe tag, start code, 320x240. */
    private static final byte[] VP8_KEY = {0x10, 0x50, 0x00, 0x00, (byte) 0x9d, 0x01, 0x2a, 0x40, 0x01, (byte) 0xf0, 0x00, 7};
    private static final int AUDIO_SSRC = 0x0A0A0A0A;
    private static final int VIDEO_SSRC = 0x0B0B0B0B;

    final String id;
    final String room;
    private final TestSocket socket;
    private final LocalTransport publishLocal = LocalTransport.forClient(DtlsCertificate.generate());
    private final LocalTransport playLocal = LocalTransport.forClient(DtlsCertificate.generate());
    private final List<PeerTransport> transports = new ArrayList<>();
    private boolean gone;
    private PeerTransport publisher;
    private PeerTransport player;
    private int sequence;
    boolean live;
    boolean playing;
    /** Participants named by the last room offer's idMapping. */
    final Set<String> offered = new LinkedHashSet<>();
    final List<String> subtrackEvents = new ArrayList<>();
    int offers;
    /** Nanos when {@code publish_started} arrived. */
    long liveNanos;
    final AtomicLong received = new AtomicLong();
    /** SSRCs seen on the room connection, with the nanos of their first video packet. */
    final java.util.Map<Integer, Long> firstVideoNanos = new java.util.concurrent.ConcurrentHashMap<>();
    /** Video packets received per SSRC on the room connection. */
    final java.util.Map<Integer, AtomicLong> videoPackets = new java.util.concurrent.ConcurrentHashMap<>();
    /** Participant → the SSRC of its video section, from the room offers. */
    final java.util.Map<String, Integer> videoSsrcs = new java.util.HashMap<>();
    /** Every {@code notification} other than the ones handled here, as received. */
    final List<JsonNode> notifications = new ArrayList<>();
    final List<JsonNode> errors = new ArrayList<>();

    RoomParticipant(int httpPort, String id, String room) {
        this.id = id;
        this.room = room;
        this.socket = TestSocket.connect(httpPort, "/LiveApp/websocket");
    }

    void joinRoomFirst() {
        send(message("joinRoom").put("room", room).put("streamId", id).put("mode", "multitrack"));
    }

    void publish() {
        send(message("publish").put("streamId", id).put("mainTrack", room).put("video", true).put("audio", true));
    }

    /** Leaves like the SDK page: stops the room play and the publish, and (when joined) leaveFromRoom. */
    void leave(boolean leaveFromRoom) {
        send(message("stop").put("streamId", room));
        send(message("stop").put("streamId", id));
        if (leaveFromRoom) {
            send(message("leaveFromRoom").put("room", room));
        }
        closeMedia();
        gone = true;
        socket.close();
    }

    /** Vanishes: the socket closes without any leave command. */
    void vanish() {
        closeMedia();
        gone = true;
        socket.close();
    }

    void closeMedia() {
        transports.forEach(PeerTransport::close);
        publisher = null;
        player = null;
    }

    /** Handles every message that arrived. */
    void poll() throws Exception {
        if (gone) {
            return;
        }
        String text;
        while ((text = socket.poll(0)) != null) {
            handle(JSON.readTree(text));
        }
    }

    private void handle(JsonNode m) throws Exception {
        String command = m.path("command").asText();
        String streamId = m.path("streamId").asText();
        switch (command) {
            case "start" -> send(message("takeConfiguration").put("streamId", id).put("type", "offer")
                    .put("sdp", publisherOffer()));
            case "takeConfiguration" -> {
                if (streamId.equals(id) && "answer".equals(m.path("type").asText()) && publisher == null) {
                    publisher = connect(publishLocal, TransportSdp.remoteFromAnswer(m.path("sdp").asText()),
                            new PeerTransportListener() { });
                } else if (streamId.equals(room) && "offer".equals(m.path("type").asText())) {
                    answerRoomOffer(m);
                }
            }
            case "notification" -> {
                String definition = m.path("definition").asText();
                if ("publish_started".equals(definition) && streamId.equals(id)) {
                    live = true;
                    liveNanos = System.nanoTime();
                    ArrayNode tracks = JSON.createArrayNode().add("!" + id);
                    ObjectNode play = message("play").put("streamId", room).put("room", room);
                    play.set("trackList", tracks);
                    send(play);
                    playing = true;
                } else if ("subtrackAdded".equals(definition) || "subtrackRemoved".equals(definition)) {
                    subtrackEvents.add(definition + ":" + m.path("trackId").asText());
                } else {
                    notifications.add(m);
                }
            }
            case "error" -> errors.add(m);
            default -> {
            }
        }
    }

    private void answerRoomOffer(JsonNode m) throws Exception {
        offers++;
        offered.clear();
        m.path("idMapping").forEach(track -> offered.add(track.asText().substring(7)));
        for (MediaSection section : dev.osprey.webrtc.sdp.SdpParser.parse(m.path("sdp").asText()).media()) {
            String track = m.path("idMapping").path(section.mid()).asText();
            if (track.startsWith("ARDAMSv") && !section.ssrcIds().isEmpty()) {
                videoSsrcs.put(track.substring(7), section.ssrcIds().get(0).intValue());
            }
        }
        TransportSdp.Answer answer = TransportSdp.answer(m.path("sdp").asText(),
                LocalCapabilities.receiveDefaults().withDataChannels(false), playLocal, "7");
        send(message("takeConfiguration").put("streamId", room).put("type", "answer").put("sdp", answer.sdp()));
        if (player == null) {
            player = connect(playLocal, answer.remote(), new PeerTransportListener() {
                @Override
                public void onRtp(byte[] buf, int off, int len) {
                    received.incrementAndGet();
                    if (len > 12 && (buf[off + 1] & 0x7F) == 96) {
                        int ssrc = ((buf[off + 8] & 0xFF) << 24) | ((buf[off + 9] & 0xFF) << 16)
                                | ((buf[off + 10] & 0xFF) << 8) | (buf[off + 11] & 0xFF);
                        firstVideoNanos.putIfAbsent(ssrc, System.nanoTime());
                        videoPackets.computeIfAbsent(ssrc, k -> new AtomicLong()).incrementAndGet();
                    }
                }
            });
        }
    }

    private PeerTransport connect(LocalTransport local, dev.osprey.webrtc.transport.RemotePeer remote,
                                  PeerTransportListener listener) throws java.io.IOException {
        PeerTransport t = PeerTransport.client(LOOPBACK, local, remote, DtlsConfig.defaults(), ICE, listener);
        transports.add(t);
        return t;
    }

    /** One VP8 keyframe packet and one Opus packet, when the publish transport is up. */
    void pump() {
        if (publisher == null || publisher.state() != PeerTransport.State.CONNECTED) {
            return;
        }
        byte[] v = rtp(96, sequence, sequence * 3000, VIDEO_SSRC, VP8_KEY);
        publisher.sendRtp(v, 0, v.length - SrtpProfile.MAX_TRAILER);
        byte[] a = rtp(111, sequence, sequence * 960, AUDIO_SSRC, new byte[] {1, 2, 3});
        publisher.sendRtp(a, 0, a.length - SrtpProfile.MAX_TRAILER);
        sequence++;
    }

    private String publisherOffer() {
        List<ExtMap> ext = List.of(ExtMap.of(3, HeaderExtensions.TRANSPORT_CC));
        return SdpWriter.write(new OfferBuilder(TransportSdp.parameters(publishLocal, false), "5", 1)
                .addTrack(new SendTrack(MediaSection.AUDIO, "0", RtpCodec.of(111, "opus", 48000, 2), null,
                        Integer.toUnsignedLong(AUDIO_SSRC), null, id, "a", "c", ext))
                .addTrack(new SendTrack(MediaSection.VIDEO, "1", RtpCodec.of(96, "VP8", 90000, null)
                        .withFeedback(List.of(RtcpFeedback.NACK, RtcpFeedback.NACK_PLI)), null,
                        Integer.toUnsignedLong(VIDEO_SSRC), null, id, "v", "c", ext))
                .build());
    }

    private static byte[] rtp(int pt, int seq, int ts, int ssrc, byte[] payload) {
        byte[] p = new byte[12 + payload.length + SrtpProfile.MAX_TRAILER];
        RtpPacket.writeHeader(p, 0, false, pt, seq, ts, ssrc);
        System.arraycopy(payload, 0, p, 12, payload.length);
        return p;
    }

    static ObjectNode message(String command) {
        return JSON.createObjectNode().put("command", command);
    }

    /** Video packets received so far from {@code participant} (0 before its section was offered). */
    long videoPacketsOf(String participant) {
        Integer ssrc = videoSsrcs.get(participant);
        AtomicLong n = ssrc == null ? null : videoPackets.get(ssrc);
        return n == null ? 0 : n.get();
    }

    void send(ObjectNode message) {
        socket.send(message.toString());
    }
}
