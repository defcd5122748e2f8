package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.dtls.DtlsEndpoint;
import dev.osprey.webrtc.dtls.DtlsListener;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.dtls.DtlsSrtpKeys;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.net.UdpEventLoops;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.rtp.RtpRtcpDemux;
import dev.osprey.webrtc.srtp.SrtpContext;
import dev.osprey.webrtc.srtp.SrtpError;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.srtp.SrtpSession;
import io.netty.channel.EventLoop;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebRTC peer's media transport: ICE, then DTLS, then SRTP, with decrypted RTP/RTCP and raw DTLS
 * application data delivered to a {@link PeerTransportListener}.
 *
 * <p>Two roles share this API. {@link #server} registers the peer on the shared {@link UdpMux}
 * (ICE-lite, controlled); {@link #client} binds a socket of its own and runs a controlling ICE agent
 * towards the server's candidate (tests, load generation). DTLS starts once ICE has selected a pair
 * and the remote description is known, in the role {@link RemotePeer#localDtlsRole()} says; SRTP is
 * keyed from the DTLS export.
 *
 * <p>Threading: everything that touches SRTP state runs on one event loop, {@link #eventLoop()} (the
 * mux's loop for the server role). Listener callbacks run there. {@link #sendRtp}/{@link #sendRtcp}
 * called on that loop protect in place and send at once, allocating nothing; called from any other
 * thread they copy the packet and hand the copy to the loop (the caller's buffer is then left
 * untouched). Other methods may be called from any thread.
 *
 * <p>Buffer contract for sending: the packet is {@code buf[off, off + len)} and the array must have
 * {@link SrtpProfile#MAX_TRAILER} spare bytes after it, where the authentication tag (and SRTCP index)
 * is written; otherwise an {@link IllegalArgumentException} is thrown.
 *
 * <p>{@link #close()} (or consent expiry, a DTLS failure, the peer's close_notify) ends the transport:
 * the mux registration, the DTLS thread and the SRTP state are released, then
 * {@link PeerTransportListener#onClosed} is called once.
 */
public final class PeerTransport implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);
    private static final AtomicLong IDS = new AtomicLong();
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(5);
    /** Enough for a ClientHello in two fragments, twice (the peer's first retransmission). */
    private static final int EARLY_DTLS_DATAGRAMS = 4;

    /** Lifecycle: NEW (waiting for ICE) → CONNECTING (DTLS running) → CONNECTED (SRTP ready) → CLOSED. */
    public enum State { NEW, CONNECTING, CONNECTED, CLOSED }

    private final long id = IDS.incrementAndGet();
    private final LocalTransport local;
    private final DtlsConfig dtlsConfig;
    private final PeerTransportListener listener;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CompletableFuture<CloseReason> released = new CompletableFuture<>();
    private final Object applicationDataLock = new Object();
    private Link link;
    private EventLoop loop;

    // Written on the loop only; volatile so that other threads may read them for state and statistics.
    private volatile State state = State.NEW;
    private volatile RemotePeer remote;
    private volatile DtlsEndpoint dtls;
    private volatile SrtpProfile profile;
    private volatile long rtpReceived;
    private volatile long rtcpReceived;
    private volatile long srtpRejected;
    private volatile long srtpUnknownStreams;
    private volatile long protectFailures;
    private volatile long sendDrops;
    // Loop-confined.
    private SrtpSession srtp;
    private boolean iceConnected;
    /** DTLS datagrams that came before the endpoint could start (the peer's answer was not here yet). */
    private final EarlyDtlsDatagrams earlyDtls = new EarlyDtlsDatagrams(EARLY_DTLS_DATAGRAMS,
            DtlsConfig.MIN_RECEIVE_LIMIT);
    /** SSRCs announced after the remote description (renegotiations), for the receiving SRTP context. */
    private final Set<Integer> laterSsrcs = new LinkedHashSet<>();

    private PeerTransport(LocalTransport local, DtlsConfig dtlsConfig, PeerTransportListener listener) {
        this.local = Objects.requireNonNull(local, "local");
        this.dtlsConfig = Objects.requireNonNull(dtlsConfig, "dtlsConfig");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The server role on the shared mux. The peer is registered at once, so a browser's checks are
     * answered as soon as it has our description; call {@link #setRemote} when its description arrives.
     *
     * @param remote the remote peer, or {@code null} when it is not known yet (we sent the offer)
     */
    public static PeerTransport server(UdpMux mux, LocalTransport local, RemotePeer remote, DtlsConfig dtlsConfig,
                                       PeerTransportListener listener) {
        PeerTransport transport = new PeerTransport(local, dtlsConfig, listener);
        MuxLink link = new MuxLink(transport, mux);
        transport.link = link;
        transport.loop = link.eventLoop();
        transport.remote = remote;
        link.register(mux, local.ice(), remote == null ? null : remote.ice());
        return transport;
    }

    /**
     * The client role: binds an ephemeral UDP port on {@code bindAddress}, checks the first candidate of
     * {@code remote} as the controlling agent, then runs DTLS in {@code remote.localDtlsRole()}.
     *
     * @throws IllegalArgumentException when the remote peer has no candidate
     */
    public static PeerTransport client(InetAddress bindAddress, LocalTransport local, RemotePeer remote,
                                       DtlsConfig dtlsConfig, IceClientConfig iceConfig,
                                       PeerTransportListener listener) throws IOException {
        return client(bindAddress, local, remote, dtlsConfig, iceConfig, null, listener);
    }

    /**
     * The client role as {@link #client(InetAddress, LocalTransport, RemotePeer, DtlsConfig, IceClientConfig,
     * PeerTransportListener)}, its socket on one loop of {@code loops} (shared with other transports;
     * {@code null} = a loop of its own). Listener callbacks then run on that shared loop.
     */
    public static PeerTransport client(InetAddress bindAddress, LocalTransport local, RemotePeer remote,
                                       DtlsConfig dtlsConfig, IceClientConfig iceConfig, UdpEventLoops loops,
                                       PeerTransportListener listener) throws IOException {
        if (remote.candidates().isEmpty()) {
            throw new IllegalArgumentException("the remote peer has no candidate to connect to");
        }
        PeerTransport transport = new PeerTransport(local, dtlsConfig, listener);
        transport.remote = remote;
        ClientLink link = new ClientLink(transport, bindAddress, remote.candidates().get(0), local.ice(),
                remote.ice(), iceConfig, loops);
        transport.link = link;
        transport.loop = link.eventLoop();
        link.start();
        return transport;
    }

    /**
     * Supplies the remote description for a server transport created without one (any thread). DTLS
     * starts as soon as ICE has also selected the peer's address.
     *
     * @throws IllegalStateException when the remote peer is already known
     */
    public void setRemote(RemotePeer remotePeer) {
        Objects.requireNonNull(remotePeer, "remotePeer");
        synchronized (this) {
            if (remote != null) {
                throw new IllegalStateException("remote peer already set");
            }
            remote = remotePeer;
        }
        link.remoteCredentials(remotePeer.ice());
        runOnLoop(this::maybeStartDtls);
    }

    /** The loop that runs the listener and owns the SRTP state. */
    public EventLoop eventLoop() {
        return loop;
    }

    public State state() {
        return state;
    }

    public LocalTransport local() {
        return local;
    }

    /** Where the peer's datagrams come from: the ICE-selected address (null before), or the client's server. */
    public InetSocketAddress remoteAddress() {
        return link.remoteAddress();
    }

    /** The negotiated SRTP profile, or {@code null} before {@link State#CONNECTED}. */
    public SrtpProfile srtpProfile() {
        return profile;
    }

    /** Our DTLS role, or {@code null} while the remote description is unknown. */
    public DtlsRole dtlsRole() {
        RemotePeer current = remote;
        return current == null ? null : current.localDtlsRole();
    }

    /** RTP packets received and decrypted. */
    public long rtpReceived() {
        return rtpReceived;
    }

    /** RTCP packets received and decrypted. */
    public long rtcpReceived() {
        return rtcpReceived;
    }

    /**
     * SRTP/SRTCP packets dropped: before the keys were ready, failed authentication, replayed, malformed,
     * or from an SSRC refused receive state ({@link #srtpUnknownStreams()}).
     */
    public long srtpRejected() {
        return srtpRejected;
    }

    /**
     * SRTP/SRTCP packets dropped because their SSRC was neither announced by the peer nor among the
     * {@link SrtpContext#MAX_UNSIGNALLED_STREAMS} others allowed: a peer cannot grow our state by
     * sending from ever new SSRCs.
     */
    public long srtpUnknownStreams() {
        return srtpUnknownStreams;
    }

    /**
     * SSRCs the peer announced after its first description (a renegotiation added tracks): they get SRTP
     * receive state like those of {@link RemotePeer#ssrcs()}. Any thread; adds to earlier calls, up to
     * {@link SrtpContext#MAX_SIGNALLED_STREAMS} in all.
     */
    public void expectSsrcs(Collection<Integer> ssrcs) {
        List<Integer> copy = List.copyOf(ssrcs);
        runOnLoop(() -> {
            for (int ssrc : copy) {
                if (laterSsrcs.size() < SrtpContext.MAX_SIGNALLED_STREAMS) {
                    laterSsrcs.add(ssrc);
                }
            }
            SrtpSession session = srtp;
            if (session != null) {
                expect(session.inbound(), copy);
            }
        });
    }

    private static void expect(SrtpContext inbound, Collection<Integer> ssrcs) {
        for (int ssrc : ssrcs) {
            inbound.expectSsrcs(ssrc);
        }
    }

    /** Packets not sent: not connected, SRTP refused the header, or the socket was full. */
    public long sendDrops() {
        return sendDrops + protectFailures;
    }

    /**
     * Protects an RTP packet in place and sends it. See the class documentation for the spare-bytes
     * rule and for calls from other threads.
     *
     * @return false when it was dropped (not connected, bad header, socket full); for a call from
     *     another thread, false only when the transport is not connected when the call is made
     */
    public boolean sendRtp(byte[] buf, int off, int len) {
        return send(buf, off, len, false);
    }

    /** Protects an RTCP packet (simple or compound) in place and sends it; as {@link #sendRtp}. */
    public boolean sendRtcp(byte[] buf, int off, int len) {
        return send(buf, off, len, true);
    }

    /**
     * Sends one DTLS application data record (an SCTP packet) from any thread; calls are serialised.
     *
     * @return false when DTLS is not connected
     * @throws IllegalArgumentException when {@code len} exceeds {@link #maxApplicationDataLength()}
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        DtlsEndpoint current = dtls;
        if (current == null || state == State.CLOSED) {
            return false;
        }
        synchronized (applicationDataLock) {
            return current.sendApplicationData(buf, off, len);
        }
    }

    /** Largest application data record that fits one datagram; 0 before DTLS completes. */
    public int maxApplicationDataLength() {
        DtlsEndpoint current = dtls;
        return current == null ? 0 : current.maxApplicationDataLength();
    }

    /**
     * Ends the transport and frees the mux registration (or the client's socket), the DTLS thread and
     * the SRTP state; idempotent. Called off the event loop it waits (at most a few seconds) until all
     * is released; on the loop it returns at once and the release completes in the background (see
     * {@link #whenReleased()}).
     */
    @Override
    public void close() {
        closeWith(CloseReason.CLOSED_LOCALLY);
        if (!loop.inEventLoop()) {
            try {
                released.get(RELEASE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("transport {} did not release its resources in time", id);
            }
        }
    }

    /** Completes with the close reason once the DTLS thread has ended and the network resources are freed. */
    public CompletableFuture<CloseReason> whenReleased() {
        return released.copy();
    }

    /** The DTLS endpoint once started (tests check that its thread ended). */
    DtlsEndpoint dtlsEndpoint() {
        return dtls;
    }

    /** The network below (tests inject raw datagrams from a client's own address). */
    Link link() {
        return link;
    }

    @Override
    public String toString() {
        return "PeerTransport[" + id + ", " + local.ice().ufrag() + ", " + state + "]";
    }

    // ---- called by the links, on the loop ----

    void onIceConnected() {
        LOG.debug("transport {}: ICE selected {}", id, link.remoteAddress());
        iceConnected = true;
        maybeStartDtls();
    }

    /** A DTLS or SRTP/SRTCP datagram from the peer (first byte 20..63 or 128..191 already checked by the mux). */
    void onDatagram(byte[] buf, int off, int len) {
        int first = buf[off] & 0xFF;
        if (first >= 20 && first <= 63) {
            if (state != State.CONNECTED && LOG.isTraceEnabled()) {
                LOG.trace("transport {}: handshake datagram of {} bytes, record type {}", id, len, first);
            }
            DtlsEndpoint current = dtls;
            if (current != null) {
                current.onDatagram(buf, off, len);
            } else if (state == State.NEW) {
                earlyDtls.keep(buf, off, len);
            }
            return;
        }
        if (first < 128 || first > 191) {
            return;
        }
        SrtpSession session = srtp;
        if (session == null) {
            srtpRejected++;
            return;
        }
        if (RtpRtcpDemux.isRtcp(buf, off, len)) {
            int plain = session.unprotectRtcp(buf, off, len);
            if (plain < 0) {
                reject(plain, true);
                return;
            }
            rtcpReceived++;
            try {
                listener.onRtcp(buf, off, plain);
            } catch (RuntimeException e) {
                LOG.warn("listener of transport {} failed in onRtcp", id, e);
            }
        } else if (RtpRtcpDemux.isRtp(buf, off, len)) {
            int plain = session.unprotectRtp(buf, off, len);
            if (plain < 0) {
                reject(plain, false);
                return;
            }
            rtpReceived++;
            try {
                listener.onRtp(buf, off, plain);
            } catch (RuntimeException e) {
                LOG.warn("listener of transport {} failed in onRtp", id, e);
            }
        } else {
            srtpRejected++;
        }
    }

    private void reject(int srtpError, boolean rtcp) {
        srtpRejected++;
        if (srtpError == SrtpError.UNKNOWN_STREAM) {
            srtpUnknownStreams++;
            try {
                listener.onUnknownStream(rtcp);
            } catch (RuntimeException e) {
                LOG.warn("listener of transport {} failed in onUnknownStream", id, e);
            }
        }
    }

    /** Starts the end of the transport once, whatever triggered it; any thread. */
    void closeWith(CloseReason reason) {
        if (closing.compareAndSet(false, true)) {
            runOnLoop(() -> finish(reason));
        }
    }

    // ---- internals ----

    private boolean send(byte[] buf, int off, int len, boolean rtcp) {
        Objects.checkFromIndexSize(off, len, buf.length);
        if (buf.length - off - len < SrtpProfile.MAX_TRAILER) {
            throw new IllegalArgumentException("leave SrtpProfile.MAX_TRAILER (" + SrtpProfile.MAX_TRAILER
                    + ") spare bytes after the packet");
        }
        if (loop.inEventLoop()) {
            return protectAndSend(buf, off, len, rtcp);
        }
        if (state != State.CONNECTED) {
            return false;
        }
        byte[] copy = Arrays.copyOfRange(buf, off, off + len + SrtpProfile.MAX_TRAILER);
        try {
            loop.execute(() -> protectAndSend(copy, 0, len, rtcp));
            return true;
        } catch (RejectedExecutionException e) {
            return false; // the loop is shutting down
        }
    }

    private boolean protectAndSend(byte[] buf, int off, int len, boolean rtcp) {
        SrtpSession session = srtp;
        if (session == null) {
            sendDrops++;
            return false;
        }
        int protectedLength = rtcp ? session.protectRtcp(buf, off, len) : session.protectRtp(buf, off, len);
        if (protectedLength < 0) {
            protectFailures++;
            return false;
        }
        if (!link.send(buf, off, protectedLength)) {
            sendDrops++;
            return false;
        }
        return true;
    }

    /** On the loop: once ICE is up and the remote peer known, the DTLS endpoint is created and started. */
    private void maybeStartDtls() {
        RemotePeer peer = remote;
        if (!iceConnected || peer == null || dtls != null || state != State.NEW) {
            return;
        }
        DtlsEndpoint endpoint = new DtlsEndpoint(peer.localDtlsRole(), local.certificate(), peer.fingerprint(),
                dtlsConfig, link::send, new DtlsEvents());
        dtls = endpoint;
        state = State.CONNECTING;
        if (earlyDtls.size() > 0) {
            LOG.debug("transport {}: {} DTLS datagrams came before the answer", id, earlyDtls.size());
        }
        earlyDtls.drainTo(endpoint::onDatagram);
        endpoint.start();
    }

    /** On the loop: the keys are in place, media may flow. */
    private void onSrtpReady(SrtpSession session) {
        if (state != State.CONNECTING) {
            return; // closed meanwhile
        }
        expect(session.inbound(), remote.ssrcs());
        expect(session.inbound(), laterSsrcs);
        srtp = session;
        profile = session.profile();
        state = State.CONNECTED;
        LOG.debug("transport {} connected, {} as DTLS {}", id, profile, dtlsRole());
        try {
            listener.onConnected(session.profile());
        } catch (RuntimeException e) {
            LOG.warn("listener of transport {} failed in onConnected", id, e);
        }
    }

    private void deliverApplicationData(byte[] data) {
        if (state == State.CLOSED) {
            return;
        }
        try {
            listener.onApplicationData(data, 0, data.length);
        } catch (RuntimeException e) {
            LOG.warn("listener of transport {} failed in onApplicationData", id, e);
        }
    }

    /** On the loop: frees everything, tells the listener, and finishes the release off the loop. */
    private void finish(CloseReason reason) {
        state = State.CLOSED;
        srtp = null;
        earlyDtls.clear();
        DtlsEndpoint endpoint = dtls;
        if (endpoint != null) {
            endpoint.close();
        }
        link.close();
        LOG.debug("transport {} closed: {}", id, reason);
        try {
            listener.onClosed(reason);
        } catch (RuntimeException e) {
            LOG.warn("listener of transport {} failed in onClosed", id, e);
        }
        // Waiting for the DTLS thread and closing a client's socket must not happen on the loop itself.
        Thread.ofVirtual().name("transport-release-" + id).start(() -> {
            try {
                if (endpoint != null && !endpoint.awaitTermination(RELEASE_TIMEOUT)) {
                    LOG.warn("DTLS thread of transport {} did not end in time", id);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                link.release();
                released.complete(reason);
            }
        });
    }

    private void runOnLoop(Runnable task) {
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            task.run(); // the loop is gone (its socket was closed): nothing can race with us any more
        }
    }

    /** DTLS events arrive on the endpoint's own thread; each is handed to the loop. */
    private final class DtlsEvents implements DtlsListener {
        @Override
        public void onHandshakeComplete(DtlsSrtpKeys keys, int cipherSuite) {
            SrtpProfile negotiated = SrtpProfile.fromId(keys.profileId());
            SrtpSession session = new SrtpSession(
                    new SrtpContext(negotiated, keys.localKey(), keys.localSalt()),
                    new SrtpContext(negotiated, keys.remoteKey(), keys.remoteSalt()));
            // Wait until the loop has the keys: the final DTLS flight goes out when this returns.
            CompletableFuture<Void> installed = new CompletableFuture<>();
            runOnLoop(() -> {
                onSrtpReady(session);
                installed.complete(null);
            });
            try {
                installed.get(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("transport {}: the event loop did not install the SRTP keys in time", id);
            }
        }

        @Override
        public void onHandshakeFailed(Throwable cause) {
            LOG.debug("transport {}: DTLS handshake failed: {}", id, cause.toString());
            closeWith(CloseReason.DTLS_FAILED);
        }

        @Override
        public void onApplicationData(byte[] buf, int off, int len) {
            byte[] copy = Arrays.copyOfRange(buf, off, off + len);
            runOnLoop(() -> deliverApplicationData(copy));
        }

        @Override
        public void onClosed() {
            closeWith(CloseReason.DTLS_CLOSED_BY_PEER);
        }
    }
}
