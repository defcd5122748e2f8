package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.NoMediaEngine;
import dev.osprey.signaling.protocol.Definitions;
import dev.osprey.signaling.protocol.Messages;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The signalling side of one application ("LiveApp", "WebRTCAppEE", ...): its stream registry,
 * peer-to-peer pairs and rooms, and every connected session. Thread-safe: sessions of different
 * connections may run concurrently; their shared state is guarded by one lock that is never held
 * while blocking or while calling the media engine.
 */
public final class SignalingApplication {

    /** Ant Media's {@code publishType} of a WebSocket (or WHIP) publisher. */
    public static final String WEBRTC = "WebRTC";

    private final String name;
    private final SignalingConfig config;
    private final MediaEngine engine;
    private final ApplicationState state;
    private final SignalingTimer timer;

    /** An application without a media path ({@link NoMediaEngine}): signalling only. */
    public SignalingApplication(String name, SignalingConfig config) {
        this(name, config, NoMediaEngine.INSTANCE);
    }

    public SignalingApplication(String name, SignalingConfig config, MediaEngine engine) {
        this(name, config, engine, SignalingEvents.NONE, AccessGuard.ALLOW_ALL);
    }

    /**
     * With lifecycle events reported to {@code events} and every publish, play and room join vetted by {@code guard};
     * deadlines run on {@link SignalingTimer#shared()}.
     */
    public SignalingApplication(String name, SignalingConfig config, MediaEngine engine, SignalingEvents events,
                                AccessGuard guard) {
        this(name, config, engine, events, guard, SignalingTimer.shared());
    }

    /** As above, with the deadlines (a publish waiting for its offer) run by {@code timer}. */
    public SignalingApplication(String name, SignalingConfig config, MediaEngine engine, SignalingEvents events,
                                AccessGuard guard, SignalingTimer timer) {
        this.name = name;
        this.config = config;
        this.engine = engine;
        this.state = new ApplicationState(events, guard);
        this.timer = timer;
    }

    public String name() {
        return name;
    }

    public SignalingConfig config() {
        return config;
    }

    /** Registers a newly opened WebSocket and returns the session that receives its frames. */
    public SignalingSession open(ClientConnection connection) {
        return open(connection, WEBRTC, null);
    }

    /**
     * Bridges a client of another protocol in (see {@link BridgedClient}); its publishes are reported with
     * {@code publishType} ("RTMP", "SRT", or "WebRTC" for WHIP), and everything it is told runs on
     * {@code executor}, in order.
     *
     * @param remoteAddress the client's "ip:port": a publisher that reconnects from the same IP may take
     *                      its stalled stream over, as a WebSocket publisher may
     */
    public BridgedClient bridge(String publishType, String remoteAddress, Executor executor,
                                BridgedClient.Events events) {
        return new BridgedClient(this, publishType, remoteAddress, executor, events);
    }

    ProtocolSession open(ClientConnection connection, String publishType, BridgedClient bridge) {
        ProtocolSession session = new ProtocolSession(state, config, engine, connection, timer, publishType, bridge);
        state.lock.lock();
        try {
            state.addSession(session);
        } finally {
            state.lock.unlock();
        }
        return session;
    }

    /** Tells every connected client that the server is going down ({@code notification/server_will_stop}). */
    public void notifyShutdown() {
        String message = Messages.notification(Definitions.SERVER_WILL_STOP);
        List<ProtocolSession> sessions;
        state.lock.lock();
        try {
            sessions = state.sessions();
        } finally {
            state.lock.unlock();
        }
        sessions.forEach(session -> session.send(message));
    }

    /**
     * Ends the publish of {@code streamId} as if its publisher had sent {@code stop} (REST
     * {@code POST /broadcasts/{id}/stop}): the publisher gets {@code publish_finished}, its viewers
     * {@code play_finished}. Returns false when nobody publishes that id.
     */
    public boolean stopPublish(String streamId) {
        List<MediaLeg> legs;
        state.lock.lock();
        try {
            Publication publication = state.publication(streamId);
            if (publication == null) {
                return false;
            }
            legs = state.endPublication(publication, true);
        } finally {
            state.lock.unlock();
        }
        legs.forEach(MediaLeg::close);
        return true;
    }

    /** Plays of {@code streamId} registered now, those still connecting included. */
    public int viewerCount(String streamId) {
        state.lock.lock();
        try {
            return state.viewerCount(streamId);
        } finally {
            state.lock.unlock();
        }
    }

    /** Number of open sessions (connected sockets whose {@code onClose} has not run yet). */
    public int sessionCount() {
        state.lock.lock();
        try {
            return state.sessionCount();
        } finally {
            state.lock.unlock();
        }
    }

    /** Sizes of the shared registries, for tests and diagnostics (all zero once every socket closed). */
    Map<String, Integer> registrySizes() {
        state.lock.lock();
        try {
            return state.sizes();
        } finally {
            state.lock.unlock();
        }
    }
}
