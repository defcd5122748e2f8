package dev.osprey.webrtc.net;

import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.ice.IceLiteAgent;
import dev.osprey.webrtc.ice.StunSender;
import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One peer registered with a {@link UdpMux}: its ICE-lite agent, the endpoint that receives its
 * DTLS/RTP datagrams, and sending to its selected address.
 */
public final class MuxPeer implements StunSender {
    private final UdpMux mux;
    private final IceLiteAgent agent;
    private final PeerEndpoint endpoint;
    private final byte[] ufragPrefix;
    private volatile InetSocketAddress remote;
    private volatile boolean closed;

    MuxPeer(UdpMux mux, IceCredentials local, IceCredentials remote, Duration consentTimeout, PeerEndpoint endpoint) {
        this.mux = mux;
        this.endpoint = endpoint;
        this.ufragPrefix = (local.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
        this.agent = new IceLiteAgent(local, remote, consentTimeout, new AgentEvents(), System.nanoTime());
    }

    public IceLiteAgent agent() {
        return agent;
    }

    public PeerEndpoint endpoint() {
        return endpoint;
    }

    /** The address ICE selected, or {@code null} before nomination. Readable from any thread. */
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /**
     * Sends to the selected address; takes ownership of {@code buf}.
     *
     * @return false when dropped (no address selected yet, or the socket is full)
     */
    public boolean send(ByteBuf buf) {
        InetSocketAddress to = remote;
        if (to == null) {
            buf.release();
            return false;
        }
        return mux.socket().send(buf, to);
    }

    /** Copies into a pooled buffer and sends to the selected address. */
    public boolean send(byte[] buf, int off, int len) {
        InetSocketAddress to = remote;
        return to != null && mux.socket().send(buf, off, len, to);
    }

    /** Unregisters the peer; datagrams received after this call returns are dropped. */
    public void close() {
        closed = true;
        mux.unregister(this);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void sendStun(byte[] buf, int off, int len, InetSocketAddress to) {
        mux.socket().send(buf, off, len, to);
    }

    void remoteAddress(InetSocketAddress address) {
        this.remote = address;
    }

    /** "ufrag:" as bytes, to match a USERNAME without decoding it. */
    byte[] ufragPrefix() {
        return ufragPrefix;
    }

    /** Forwards the agent's events to the mux, which keeps its address map in step. */
    private final class AgentEvents implements IceLiteAgent.Listener {
        @Override
        public void onSelectedAddressChanged(IceLiteAgent agent, InetSocketAddress previous,
                                             InetSocketAddress current) {
            mux.onSelectedAddressChanged(MuxPeer.this, previous, current);
        }

        @Override
        public void onConsentExpired(IceLiteAgent agent) {
            mux.onConsentExpired(MuxPeer.this);
        }
    }
}
