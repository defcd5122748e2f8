package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.ice.IceClientAgent;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.net.UdpEventLoops;
import dev.osprey.webrtc.net.UdpSocket;
import dev.osprey.webrtc.net.UdpSocketConfig;
import dev.osprey.webrtc.stun.StunMessage;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The client role: its own UDP socket (one port per peer, as a load generator needs) and a
 * controlling ICE agent that nominates the server's one candidate. The socket runs on a loop of its
 * own, or on one of a shared {@link UdpEventLoops} group so that thousands of peers need few threads.
 */
final class ClientLink implements Link, IceClientAgent.Listener {
    private static final long TICK_MILLIS = 20;

    private final PeerTransport transport;
    private final InetSocketAddress server;
    private final StunMessage stun = new StunMessage();
    private final IceClientAgent agent;
    private final UdpSocket socket;
    private ScheduledFuture<?> ticker;
    private boolean iceConnected;

    ClientLink(PeerTransport transport, InetAddress bindAddress, InetSocketAddress server, IceCredentials local,
               IceCredentials remote, IceClientConfig config, UdpEventLoops loops) throws IOException {
        this.transport = transport;
        this.server = server;
        this.agent = new IceClientAgent(local, remote, server, config, this::sendStun, this);
        UdpSocketConfig socketConfig = new UdpSocketConfig(bindAddress, 0, 0, 2048, 8, true);
        this.socket = loops == null ? UdpSocket.bind(socketConfig, this::onDatagram)
                : UdpSocket.bind(socketConfig, this::onDatagram, loops);
    }

    /** Sends the first check and starts the agent's timer. */
    void start() {
        socket.eventLoop().execute(() -> {
            agent.start(System.nanoTime());
            ticker = socket.eventLoop().scheduleAtFixedRate(() -> agent.tick(System.nanoTime()),
                    TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    @Override
    public EventLoop eventLoop() {
        return socket.eventLoop();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return server;
    }

    @Override
    public boolean send(byte[] buf, int off, int len) {
        return socket.send(buf, off, len, server);
    }

    @Override
    public void remoteCredentials(IceCredentials remote) {
        throw new IllegalStateException("a client transport gets the remote credentials at creation");
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    @Override
    public void release() {
        socket.close();
    }

    @Override
    public void onConnected(IceClientAgent a, InetSocketAddress mappedAddress) {
        iceConnected = true;
        transport.onIceConnected();
    }

    @Override
    public void onFailed(IceClientAgent a, String reason) {
        transport.closeWith(iceConnected ? CloseReason.ICE_CONSENT_EXPIRED : CloseReason.ICE_FAILED);
    }

    private void sendStun(byte[] buf, int off, int len, InetSocketAddress to) {
        socket.send(buf, off, len, to);
    }

    private void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        if (len <= 0 || !server.equals(from)) {
            return; // the client only talks to its server
        }
        if ((buf[off] & 0xFF) < 4) {
            if (stun.wrap(buf, off, len)) {
                agent.handle(stun, from, System.nanoTime());
            }
        } else {
            transport.onDatagram(buf, off, len);
        }
    }
}
