package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.LoadTestOptions.Mode;
import dev.osprey.loadtest.signal.JanusMessages;
import dev.osprey.loadtest.signal.JanusMessages.Incoming;
import dev.osprey.loadtest.signal.SignalingSocket;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.transport.SdpRejectedException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A viewer of a Janus streaming mountpoint: create a session, attach the streaming plugin, watch
 * mountpoint {@code --janus-mountpoint + stream}, answer the offer with {@code start}, keep the session
 * alive every 25 s (Janus drops idle sessions after 60 s).
 */
public final class JanusViewer extends Peer {
    private static final AtomicLong TRANSACTIONS = new AtomicLong();

    private volatile long session;
    private volatile long handle;
    private volatile RemotePeer pendingRemote;
    private volatile ScheduledFuture<?> keepalive;

    public JanusViewer(PeerEnvironment env, int stream) {
        super(env, stream, true);
    }

    /** Janus is a full ICE agent and the offerer, so the viewer answers as the controlled agent. */
    @Override
    protected IceClientConfig iceConfig() {
        return env.ice.withControlling(false);
    }

    static String transaction() {
        return "lt" + TRANSACTIONS.incrementAndGet();
    }

    @Override
    public void start() {
        SignalingSocket.open(env.http, env.options.url(), JanusMessages.SUBPROTOCOL, Duration.ofSeconds(10),
                        this::onMessage, reason -> fail("signalling: " + reason))
                .whenComplete((s, error) -> {
                    if (error != null) {
                        fail("WebSocket did not open: " + error.getMessage());
                        return;
                    }
                    openedNanos = System.nanoTime();
                    socket = s;
                    s.send(JanusMessages.create(transaction()));
                });
    }

    private void onMessage(String text) {
        if (!active()) {
            return;
        }
        switch (JanusMessages.parse(text)) {
            case Incoming.Success s when session == 0 -> {
                session = s.id();
                keepalive = env.timer.scheduleAtFixedRate(
                        () -> socket.send(JanusMessages.keepalive(transaction(), session)), 25, 25, TimeUnit.SECONDS);
                socket.send(JanusMessages.attach(transaction(), session));
            }
            case Incoming.Success s when handle == 0 -> {
                handle = s.id();
                socket.send(JanusMessages.watch(transaction(), session, handle,
                        env.options.janusMountpointBase() + stream));
            }
            case Incoming.Event e when e.pluginError() != null -> fail("streaming plugin: " + e.pluginError());
            case Incoming.Event e when "offer".equals(e.jsepType()) -> answer(e.jsepSdp());
            case Incoming.Trickle t when !t.completed() -> {
                RemotePeer remote = pendingRemote;
                InetSocketAddress address = SessionSdp.udpCandidate(t.candidate());
                if (remote != null && address != null && connect(SessionSdp.withCandidate(remote, address))) {
                    pendingRemote = null;
                }
            }
            case Incoming.Error e -> fail("Janus error " + e.code() + " " + e.reason());
            case Incoming.HangUp h -> fail("Janus hung up: " + h.reason());
            default -> {
            }
        }
    }

    private void answer(String offer) {
        try {
            SessionSdp.PlayAnswer answer = SessionSdp.playAnswer(offer, local, env.options.dataChannel());
            viewerMedia = new ViewerMedia(env.stats, env.options.mode() == Mode.PLAYER ? null : env.tags[stream],
                    answer.clockRates(), answer.vp8());
            socket.send(JanusMessages.start(transaction(), session, handle, answer.sdp()));
            socket.send(JanusMessages.trickleCompleted(transaction(), session, handle));
            if (!connect(answer.remote())) {
                pendingRemote = answer.remote();
            }
        } catch (SdpRejectedException e) {
            fail("unusable offer: " + e.getMessage());
        }
    }

    @Override
    protected void sendGoodbye() {
        ScheduledFuture<?> k = keepalive;
        if (k != null) {
            k.cancel(false);
        }
        if (session != 0) {
            socket.send(JanusMessages.destroy(transaction(), session));
        }
    }
}
