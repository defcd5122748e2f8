package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.net.MuxPeer;
import dev.osprey.webrtc.net.PeerEndpoint;
import dev.osprey.webrtc.net.UdpMux;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** The server role: one registration on the shared {@link UdpMux}, whose ICE-lite agent answers the peer's checks. */
final class MuxLink implements Link, PeerEndpoint {
    private final PeerTransport transport;
    private final EventLoop loop;
    private volatile MuxPeer peer;

    MuxLink(PeerTransport transport, UdpMux mux) {
        this.transport = transport;
        this.loop = mux.socket().eventLoop();
    }

    void register(UdpMux mux, IceCredentials local, IceCredentials remote) {
        peer = mux.register(local, remote, this);
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        MuxPeer current = peer;
        return current == null ? null : current.remoteAddress();
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        MuxPeer current = peer;
        return current != null && current.send(buf, off, len);
    }

    @Override
    public void remoteCredentials(IceCredentials remote) {
        peer.agent().setRemoteCredentials(remote);
    }

    @Override
    public void close() {
        MuxPeer current = peer;
        if (current != null) {
            current.close();
        }
    }

    @Override
    public void release() {
        // Nothing beyond the registration: the mux and its socket are shared.
    }

    @Override
    public void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        transport.onDatagram(buf, off, len);
    }

    @Override
    public void onSelectedAddressChanged(InetSocketAddress previous, InetSocketAddress current) {
        if (previous == null) {
            transport.onIceConnected();
        }
    }

    @Override
    public void onConsentExpired() {
        transport.closeWith(CloseReason.ICE_CONSENT_EXPIRED);
    }
}
