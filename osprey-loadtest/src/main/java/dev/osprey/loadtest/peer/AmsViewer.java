package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.signal.AmsMessages;
import dev.osprey.loadtest.signal.AmsMessages.Incoming;
import dev.osprey.loadtest.signal.SignalingSocket;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A viewer over the Ant Media protocol: {@code play} → the server's offer → our answer (+ trickled
 * candidates) → ICE/DTLS → RTP counted by {@link ViewerMedia}. While the stream does not exist yet
 * the play is retried every 500 ms, as the JS SDK does.
 */
public final class AmsViewer extends Peer {
    private static final Set<String> NOT_YET = Set.of("no_stream_exist", "stream_not_exist_or_not_streaming",
            "streaming_starts_soon");
    private volatile RemotePeer pendingRemote;

    public AmsViewer(PeerEnvironment env, int stream) {
        super(env, stream, true);
    }

    @Override
    public void start() {
        SignalingSocket.open(env.http, env.options.url(), null, Duration.ofSeconds(10), this::onMessage,
                        reason -> fail("signalling: " + reason))
                .whenComplete((s, error) -> {
                    if (error != null) {
                        fail("WebSocket did not open: " + error.getMessage());
                        return;
                    }
                    openedNanos = System.nanoTime();
                    socket = s;
                    s.send(AmsMessages.play(streamId));
                });
    }

    private void onMessage(String text) {
        if (!active()) {
            return;
        }
        switch (AmsMessages.parse(text)) {
            case Incoming.Configuration c when "offer".equals(c.type()) && streamId.equals(c.streamId()) -> {
                try {
                    env.stats.viewerOfferMicros.record((System.nanoTime() - openedNanos) / 1000);
                    SessionSdp.PlayAnswer answer = SessionSdp.playAnswer(c.sdp(), local, env.options.dataChannel());
                    viewerMedia = new ViewerMedia(env.stats, env.options.mode()
                            == dev.osprey.loadtest.LoadTestOptions.Mode.PLAYER ? null : env.tags[stream],
                            answer.clockRates(), answer.vp8());
                    socket.send(AmsMessages.takeConfiguration(streamId, "answer", answer.sdp()));
                    answeredNanos = System.nanoTime();
                    if (!connect(answer.remote())) {
                        pendingRemote = answer.remote();
                    }
                } catch (SdpRejectedException e) {
                    fail("unusable offer: " + e.getMessage());
                }
            }
            case Incoming.Candidate c -> {
                RemotePeer remote = pendingRemote;
                InetSocketAddress address = SessionSdp.udpCandidate(c.candidate());
                if (remote != null && address != null && connect(SessionSdp.withCandidate(remote, address))) {
                    pendingRemote = null;
                }
            }
            case Incoming.Error e when NOT_YET.contains(e.definition()) && transport == null ->
                    env.timer.schedule(() -> {
                        if (active() && transport == null) {
                            socket.send(AmsMessages.play(streamId));
                        }
                    }, 500, TimeUnit.MILLISECONDS);
            case Incoming.Error e -> fail("server error " + e.definition());
            default -> {
            }
        }
    }

    @Override
    protected void sendGoodbye() {
        socket.send(AmsMessages.stop(streamId));
    }
}
