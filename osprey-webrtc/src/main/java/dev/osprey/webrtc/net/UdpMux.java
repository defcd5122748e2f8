package dev.osprey.webrtc.net;

import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.stun.StunMessage;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Demultiplexes the one UDP media socket to peers (RFC 7983 first-byte ranges).
 *
 * <ol>
 *   <li>A datagram from an address ICE selected for a peer goes to that peer: STUN (first byte 0..3)
 *       to its ICE agent, DTLS (20..63) and RTP/RTCP (128..191) to its {@link PeerEndpoint}.</li>
 *   <li>Otherwise STUN Binding requests go to the agent whose local ufrag is the part of USERNAME
 *       before ':'; that is how a peer is found before nomination and after its address changed.</li>
 *   <li>Everything else is dropped and counted by {@link DropReason}.</li>
 * </ol>
 *
 * <p>Nothing is ever sent to an address in answer to a datagram that did not authenticate (see
 * {@link dev.osprey.webrtc.ice.IceLiteAgent}), and no answer is longer than what it answers.
 *
 * <p>A remote address belongs to at most one peer: the latest nomination wins. Clients that run many
 * peers (such as a load generator) use one local port per peer.
 *
 * <p>Threading: see the package documentation. The address map is confined to the socket's loop;
 * the ufrag map is concurrent so that {@link #register} works from any thread. Consent timers run
 * as a task scheduled on the socket's loop.
 */
public final class UdpMux implements DatagramHandler, AutoCloseable {
    private final UdpSocket socket;
    private final Duration consentTimeout;
    private final StunMessage stun = new StunMessage();
    private final Map<InetSocketAddress, MuxPeer> byAddress = new HashMap<>();
    private final ConcurrentHashMap<String, MuxPeer> byUfrag = new ConcurrentHashMap<>();
    private final MuxCounters counters = new MuxCounters();
    private final ScheduledFuture<?> ticker;

    private UdpMux(UdpSocketConfig socketConfig, Duration consentTimeout, Duration tickInterval) throws IOException {
        this.consentTimeout = consentTimeout;
        this.socket = UdpSocket.bind(socketConfig, this);
        long tick = tickInterval.toNanos();
        this.ticker = socket.eventLoop().scheduleAtFixedRate(this::tickAll, tick, tick, TimeUnit.NANOSECONDS);
    }

    /**
     * Binds the media socket and starts the consent timer.
     *
     * @param consentTimeout a peer without a valid check for this long is expired (RFC 7675: 30 s)
     * @param tickInterval   how often consent is checked (e.g. 1 s)
     */
    public static UdpMux start(UdpSocketConfig socketConfig, Duration consentTimeout, Duration tickInterval)
            throws IOException {
        return new UdpMux(socketConfig, consentTimeout, tickInterval);
    }

    /**
     * Registers a peer with its local ICE credentials (which must be unique on this mux).
     *
     * @param remote the remote credentials, or {@code null} until the remote description arrives
     *               (then set them with {@code peer.agent().setRemoteCredentials})
     */
    public MuxPeer register(IceCredentials local, IceCredentials remote, PeerEndpoint endpoint) {
        MuxPeer peer = new MuxPeer(this, local, remote, consentTimeout, endpoint);
        if (byUfrag.putIfAbsent(local.ufrag(), peer) != null) {
            throw new IllegalArgumentException("ufrag already registered: " + local.ufrag());
        }
        return peer;
    }

    public InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    public MuxCounters counters() {
        return counters;
    }

    public UdpSocket socket() {
        return socket;
    }

    /** Number of registered peers. */
    public int peerCount() {
        return byUfrag.size();
    }

    @Override
    public void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        if (len <= 0) {
            counters.drop(DropReason.GARBAGE);
            return;
        }
        int first = buf[off] & 0xFF;
        MuxPeer known = byAddress.get(from);
        if (known != null && known.isClosed()) {
            // Closed from another thread; the map entry may not have been removed yet.
            byAddress.remove(from, known);
            known = null;
        }
        if (first < 4) {
            onStun(buf, off, len, from, known);
        } else if (!isDtls(first) && !isRtp(first)) {
            counters.drop(DropReason.GARBAGE);
        } else if (known == null) {
            counters.drop(DropReason.UNKNOWN_SENDER);
        } else {
            known.endpoint().onDatagram(buf, off, len, from);
        }
    }

    private void onStun(byte[] buf, int off, int len, InetSocketAddress from, MuxPeer known) {
        if (!stun.wrap(buf, off, len)) {
            counters.drop(looksTruncated(buf, off, len) ? DropReason.TRUNCATED : DropReason.GARBAGE);
            return;
        }
        MuxPeer peer = known != null && usernameStartsWith(known.ufragPrefix()) ? known : peerByUfrag();
        if (peer == null) {
            counters.drop(DropReason.UNKNOWN_SENDER);
            return;
        }
        switch (peer.agent().handle(stun, from, System.nanoTime(), peer)) {
            case BAD_REQUEST, UNAUTHORIZED, SHORTER_THAN_ANSWER -> counters.drop(DropReason.UNAUTHENTICATED);
            case ADDRESS_CHANGE_TOO_SOON -> counters.drop(DropReason.ADDRESS_CHANGE_TOO_SOON);
            default -> {
            }
        }
    }

    /** A STUN header whose datagram ends before the header or the length it declares. */
    private static boolean looksTruncated(byte[] buf, int off, int len) {
        if (len < StunMessage.HEADER_LENGTH) {
            return true;
        }
        int declared = ((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF);
        return StunMessage.hasStunHeader(buf, off, len) && StunMessage.HEADER_LENGTH + declared > len;
    }

    private boolean usernameStartsWith(byte[] prefix) {
        if (stun.usernameLength() < prefix.length) {
            return false;
        }
        byte[] buf = stun.buffer();
        int at = stun.usernameOffset();
        for (int i = 0; i < prefix.length; i++) {
            if (buf[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Finds the agent by the local ufrag in USERNAME (allocates: only off the steady-state path). */
    private MuxPeer peerByUfrag() {
        if (!stun.isBindingRequest() || !stun.hasUsername()) {
            return null;
        }
        byte[] buf = stun.buffer();
        int at = stun.usernameOffset();
        int end = at + stun.usernameLength();
        for (int i = at; i < end; i++) {
            if (buf[i] == ':') {
                return byUfrag.get(new String(buf, at, i - at, StandardCharsets.US_ASCII));
            }
        }
        return null;
    }

    private static boolean isDtls(int first) {
        return first >= 20 && first <= 63;
    }

    private static boolean isRtp(int first) {
        return first >= 128 && first <= 191;
    }

    private void tickAll() {
        long now = System.nanoTime();
        for (MuxPeer peer : byUfrag.values()) {
            peer.agent().tick(now);
        }
    }

    void unregister(MuxPeer peer) {
        byUfrag.remove(peer.agent().localCredentials().ufrag(), peer);
        socket.eventLoop().execute(() -> {
            InetSocketAddress address = peer.remoteAddress();
            if (address != null) {
                byAddress.remove(address, peer);
            }
        });
    }

    @Override
    public void close() {
        ticker.cancel(false);
        socket.close();
    }

    /** Keeps the address map in step with the agent's selection; runs on the socket's loop. */
    void onSelectedAddressChanged(MuxPeer peer, InetSocketAddress previous, InetSocketAddress current) {
        if (previous != null) {
            byAddress.remove(previous, peer);
        }
        byAddress.put(current, peer);
        peer.remoteAddress(current);
        peer.endpoint().onSelectedAddressChanged(previous, current);
    }

    /** Forgets an expired peer; runs on the socket's loop. */
    void onConsentExpired(MuxPeer peer) {
        byUfrag.remove(peer.agent().localCredentials().ufrag(), peer);
        InetSocketAddress address = peer.remoteAddress();
        if (address != null) {
            byAddress.remove(address, peer);
        }
        peer.endpoint().onConsentExpired();
    }
}
