package dev.osprey.server;

import static dev.osprey.server.JavaMediaClients.command;
import static dev.osprey.server.JavaMediaClients.next;
import static dev.osprey.server.JavaMediaClients.notification;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.osprey.webrtc.datachannel.DataChannel;
import dev.osprey.webrtc.datachannel.DataChannelInit;
import dev.osprey.webrtc.datachannel.DataChannelListener;
import dev.osprey.webrtc.datachannel.DataChannelManager;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sdp.SdpWriter;
import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.OfferBuilder;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.TransportSdp;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Data-only publishers and players over the Ant Media protocol, with osprey-webrtc's client-role
 * transports and SCTP stack in the browsers' place: the publisher opens a channel labelled with its
 * stream id (the SDK's {@code onlyDataChannel}), a player accepts the channel the server opens; both
 * record every message they receive.
 */
final class DataChannelClients implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final IceClientConfig ICE = new IceClientConfig(Duration.ofMillis(50), Duration.ofMillis(400), 20,
            Duration.ofSeconds(2), Duration.ofSeconds(30));

    private final List<PeerTransport> transports = new CopyOnWriteArrayList<>();

    /** One received message. */
    record Message(byte[] payload, boolean binary) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** A peer's data channel side: an SCTP association over its DTLS, driven on its transport's loop. */
    static final class Peer implements PeerTransportListener, DataChannelManager.Listener, DataChannelListener {
        final List<Message> received = new CopyOnWriteArrayList<>();
        final CompletableFuture<Void> channelOpen = new CompletableFuture<>();
        private final String openLabel;
        private volatile PeerTransport transport;
        private DataChannelManager manager;
        private DataChannel channel;

        private Peer(String openLabel) {
            this.openLabel = openLabel;
        }

        @Override
        public void onConnected(SrtpProfile profile) {
            PeerTransport t = transport;
            manager = new DataChannelManager(SctpConfig.webRtcDefaults().withMaxPacketSize(t.maxApplicationDataLength()),
                    t::sendApplicationData, System::nanoTime, t.dtlsRole() == DtlsRole.CLIENT, this);
            if (openLabel != null) {
                channel = manager.createDataChannel(DataChannelInit.reliable(openLabel), this);
            }
            manager.start();
            t.eventLoop().scheduleAtFixedRate(() -> {
                if (System.nanoTime() - manager.nextTimeoutNanos() >= 0) {
                    manager.tick(System.nanoTime());
                }
            }, 5, 5, TimeUnit.MILLISECONDS);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            if (manager != null) {
                manager.onPacket(buf, off, len);
            }
        }

        @Override
        public void onDataChannel(DataChannel accepted) {
            accepted.setListener(this);
            if (channel == null) {
                channel = accepted;
            }
        }

        @Override
        public void onOpen(DataChannel opened) {
            channelOpen.complete(null);
        }

        @Override
        public void onPayload(DataChannel from, byte[] payload, boolean binary) {
            received.add(new Message(payload, binary));
        }

        /** Sends on the transport's loop; true when the message was queued. */
        boolean send(byte[] payload, boolean binary) throws Exception {
            CompletableFuture<Boolean> done = new CompletableFuture<>();
            transport.eventLoop().execute(() -> done.complete(channel != null && channel.sendPayload(payload, binary)));
            return done.get(5, TimeUnit.SECONDS);
        }
    }

    /** Publishes {@code streamId} with only a data channel; returns once {@code publish_started} arrived and the channel is open. */
    Peer publish(TestSocket socket, String streamId) throws Exception {
        socket.send(Json.object("command", "publish", "streamId", streamId, "video", false, "audio", false));
        next(socket, command("start"));
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        String offer = SdpWriter.write(new OfferBuilder(TransportSdp.parameters(local, false), "5", 1)
                .dataChannel("0", SctpConfig.WEBRTC_PORT, SctpConfig.DEFAULT_MAX_MESSAGE_SIZE).build());
        socket.send(Json.object("command", "takeConfiguration", "streamId", streamId, "type", "offer", "sdp", offer));
        JsonNode answer = next(socket, command("takeConfiguration"));
        assertThat(answer.path("type").asText()).isEqualTo("answer");
        Peer peer = new Peer(streamId);
        connect(peer, local, TransportSdp.remoteFromAnswer(answer.path("sdp").asText()));
        next(socket, notification("publish_started"));
        peer.channelOpen.get(15, TimeUnit.SECONDS);
        return peer;
    }

    /** Plays {@code streamId} accepting the server's data channel; returns once {@code play_started} arrived and the channel is open. */
    Peer play(TestSocket socket, String streamId) throws Exception {
        socket.send(Json.object("command", "play", "streamId", streamId));
        JsonNode offer = next(socket, command("takeConfiguration"));
        assertThat(offer.path("type").asText()).isEqualTo("offer");
        LocalTransport local = LocalTransport.forClient(DtlsCertificate.generate());
        TransportSdp.Answer answer = TransportSdp.answer(offer.path("sdp").asText(),
                LocalCapabilities.receiveDefaults().withDataChannels(true), local, "7");
        socket.send(Json.object("command", "takeConfiguration", "streamId", streamId, "type", "answer", "sdp", answer.sdp()));
        Peer peer = new Peer(null);
        connect(peer, local, answer.remote());
        next(socket, notification("play_started"));
        peer.channelOpen.get(15, TimeUnit.SECONDS);
        return peer;
    }

    private void connect(Peer peer, LocalTransport local, dev.osprey.webrtc.transport.RemotePeer remote)
            throws java.io.IOException {
        PeerTransport client = PeerTransport.client(LOOPBACK, local, remote, DtlsConfig.defaults(), ICE, peer);
        peer.transport = client;
        transports.add(client);
    }

    @Override
    public void close() {
        new ArrayList<>(transports).forEach(PeerTransport::close);
    }
}
