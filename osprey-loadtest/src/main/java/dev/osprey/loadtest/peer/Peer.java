package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.signal.SignalingSocket;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.RemotePeer;
import dev.osprey.webrtc.ice.IceClientConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One synthetic publisher or viewer: a signalling socket, then a client-role {@link PeerTransport}.
 * The life cycle is STARTING → LIVE (publisher: DTLS connected; viewer: first media packet) →
 * STOPPED at the end of the run, or FAILED at any point; each peer is counted once in the statistics.
 */
public abstract class Peer {
    private static final Logger LOG = LoggerFactory.getLogger(Peer.class);

    /** Where a peer is in its life. */
    public enum State { STARTING, LIVE, STOPPED, FAILED }

    protected final PeerEnvironment env;
    protected final int stream;
    protected final String streamId;
    protected final boolean viewer;
    protected final LocalTransport local;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    protected volatile long openedNanos;
    /** When a viewer's answer went out (dialects that measure set-up phases set it); 0 before. */
    protected volatile long answeredNanos;
    private volatile long connectedNanos;
    protected volatile SignalingSocket socket;
    protected volatile PeerTransport transport;
    protected volatile ViewerMedia viewerMedia;
    protected volatile PublisherMedia publisherMedia;
    private volatile ScheduledFuture<?> reports;

    protected Peer(PeerEnvironment env, int stream, boolean viewer) {
        this.env = env;
        this.stream = stream;
        this.streamId = env.options.streamId(stream);
        this.viewer = viewer;
        this.local = LocalTransport.forClient(env.certificate);
        (viewer ? env.stats.viewersStarted : env.stats.publishersStarted).incrementAndGet();
    }

    /** Opens the signalling socket and begins the dialect's flow; returns at once. */
    public abstract void start();

    /** Says goodbye on the signalling socket (the socket is closed afterwards by {@link #stop}). */
    protected abstract void sendGoodbye();

    public State state() {
        return state.get();
    }

    public boolean isViewer() {
        return viewer;
    }

    /** Live viewers' packets so far (racy read for the progress line). */
    public long packetsReceived() {
        ViewerMedia m = viewerMedia;
        return m == null ? 0 : m.packets();
    }

    /** {expected, lost} of a viewer so far (racy read for the progress line). */
    public long[] lossSnapshot() {
        ViewerMedia m = viewerMedia;
        return m == null ? new long[2] : m.expectedAndLostSnapshot();
    }

    /** Fails the peer if it has not gone live by now. */
    public void checkSetup() {
        if (state.get() == State.STARTING) {
            fail("no " + (viewer ? "media" : "DTLS connection") + " within the setup timeout");
        }
    }

    /** Ends the peer cleanly at the end of the run; a peer still starting counts as failed. Blocking. */
    public void stop() {
        if (state.get() == State.STARTING) {
            fail("still connecting when the run ended");
            return;
        }
        if (!state.compareAndSet(State.LIVE, State.STOPPED)) {
            return;
        }
        (viewer ? env.stats.viewersLive : env.stats.publishersLive).decrementAndGet();
        release();
    }

    protected final void markLive() {
        if (state.compareAndSet(State.STARTING, State.LIVE)) {
            (viewer ? env.stats.viewersLive : env.stats.publishersLive).incrementAndGet();
            long now = System.nanoTime();
            (viewer ? env.stats.viewerSetupMicros : env.stats.publisherSetupMicros).record((now - openedNanos) / 1000);
            if (viewer && answeredNanos != 0 && connectedNanos != 0) {
                env.stats.viewerHandshakeMicros.record((connectedNanos - answeredNanos) / 1000);
                env.stats.viewerFirstPacketMicros.record((now - connectedNanos) / 1000);
                env.stats.viewerAnswerToMediaMicros.record((now - answeredNanos) / 1000);
            }
        }
    }

    /** Counts the peer as failed (once) and releases it; any thread. */
    protected final void fail(String reason) {
        State before = state.get();
        if ((before == State.STARTING || before == State.LIVE) && state.compareAndSet(before, State.FAILED)) {
            if (before == State.LIVE) {
                (viewer ? env.stats.viewersLive : env.stats.publishersLive).decrementAndGet();
            }
            (viewer ? env.stats.viewersFailed : env.stats.publishersFailed).incrementAndGet();
            env.stats.failures.add((viewer ? "viewer of " : "publisher of ") + streamId + ": " + reason);
            LOG.debug("{} {} failed: {}", viewer ? "viewer" : "publisher", streamId, reason);
            Thread.ofVirtual().start(this::release);
        }
    }

    /** True while the peer may still act on signalling. */
    protected final boolean active() {
        State s = state.get();
        return s == State.STARTING || s == State.LIVE;
    }

    /**
     * Starts the media transport towards {@code remote} unless it already runs.
     *
     * @return false when the description has no candidate this run may contact (wait for trickle)
     */
    protected final synchronized boolean connect(RemotePeer remote) {
        if (transport != null || !active()) {
            return true;
        }
        RemotePeer allowed = SessionSdp.allowedOnly(remote, env.options.allowRemote(),
                env.options.allowLocalInterfaces());
        if (allowed.candidates().isEmpty()) {
            return false;
        }
        try {
            transport = PeerTransport.client(bindAddressFor(allowed), local, allowed, env.dtls, iceConfig(),
                    env.loops, new Listener());
        } catch (IOException e) {
            fail("could not bind a UDP socket: " + e.getMessage());
        }
        return true;
    }

    /** The ICE role and timing: controlling, as towards an ICE-lite server (dialects override). */
    protected IceClientConfig iceConfig() {
        return env.ice;
    }

    /** Loopback for a loopback server candidate, else the environment's choice. */
    private InetAddress bindAddressFor(RemotePeer remote) {
        InetAddress server = remote.candidates().get(0).getAddress();
        return server.isLoopbackAddress() || env.bindAddress == null ? env.bindAddress : null;
    }

    /** Sends goodbye, closes the transport and the socket, records a viewer's figures. */
    private void release() {
        SignalingSocket s = socket;
        if (s != null) {
            sendGoodbye();
            s.close();
        }
        ScheduledFuture<?> r = reports;
        if (r != null) {
            r.cancel(false);
        }
        PeerTransport t = transport;
        if (t != null) {
            t.close();
        }
        ViewerMedia m = viewerMedia;
        if (viewer) {
            env.stats.viewerResults.add(m == null
                    ? new RunStats.ViewerResult(stream, false, 0, 0, 0, 0, 0, 0)
                    : m.result(stream, state.get() == State.STOPPED));
        }
        onReleased();
    }

    /** Hook after release (publishers stop their timers). */
    protected void onReleased() {
    }

    /** Hook when DTLS is up (publishers start sending). Runs on the transport's loop. */
    protected void onTransportConnected(PeerTransport t) {
    }

    private final class Listener implements PeerTransportListener {
        @Override
        public void onConnected(SrtpProfile profile) {
            connectedNanos = System.nanoTime();
            PeerTransport t = transport;
            if (t == null) {
                return;
            }
            ViewerMedia m = viewerMedia;
            if (viewer && m != null) {
                m.feedbackTo(t::sendRtcp);
                reports = t.eventLoop().scheduleAtFixedRate(m::sendReport, ViewerMedia.REPORT_INTERVAL_MILLIS,
                        ViewerMedia.REPORT_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
            }
            onTransportConnected(t);
        }

        @Override
        public void onRtp(byte[] buf, int off, int len) {
            ViewerMedia m = viewerMedia;
            if (m != null && m.onRtp(buf, off, len)) {
                markLive();
            }
        }

        @Override
        public void onRtcp(byte[] buf, int off, int len) {
            PublisherMedia m = publisherMedia;
            if (m != null && PublisherMedia.asksForKeyframe(buf, off, len)) {
                m.requestKeyframe();
            }
            ViewerMedia v = viewerMedia;
            if (v != null) {
                v.onRtcp(buf, off, len);
            }
        }

        @Override
        public void onClosed(CloseReason reason) {
            if (reason != CloseReason.CLOSED_LOCALLY) {
                fail("media transport ended: " + reason);
            }
        }
    }
}
