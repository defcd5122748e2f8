package dev.osprey.webrtc.net;

import dev.osprey.webrtc.ice.IceClientAgent;
import dev.osprey.webrtc.ice.IceClientConfig;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.stun.StunMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A controlling ICE client on its own loopback socket, ticked by that socket's event loop. */
final class LoopbackClient implements AutoCloseable {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final BlockingQueue<byte[]> received = new LinkedBlockingQueue<>();
    private final StunMessage msg = new StunMessage();
    private final InetSocketAddress server;
    private final UdpSocket socket;
    private final IceClientAgent agent;

    LoopbackClient(IceCredentials local, IceCredentials remote, InetSocketAddress server, IceClientConfig config)
            throws IOException {
        this.server = server;
        this.socket = UdpSocket.bind(new UdpSocketConfig(InetAddress.getLoopbackAddress(), 0, 0, 2048, 8, true),
                this::onDatagram);
        this.agent = new IceClientAgent(local, remote, server, config, socket::send, new IceClientAgent.Listener() {
            @Override
            public void onConnected(IceClientAgent a, InetSocketAddress mapped) {
                events.add("connected " + mapped);
            }

            @Override
            public void onFailed(IceClientAgent a, String reason) {
                events.add("failed: " + reason);
            }
        });
        socket.eventLoop().execute(() -> agent.start(System.nanoTime()));
        socket.eventLoop().scheduleAtFixedRate(() -> agent.tick(System.nanoTime()), 10, 10, TimeUnit.MILLISECONDS);
    }

    InetSocketAddress localAddress() {
        return socket.localAddress();
    }

    IceClientAgent agent() {
        return agent;
    }

    void send(byte[] datagram) {
        socket.send(datagram, 0, datagram.length, server);
    }

    private void onDatagram(byte[] buf, int off, int len, InetSocketAddress from) {
        if ((buf[off] & 0xFF) < 4 && msg.wrap(buf, off, len)) {
            agent.handle(msg, from, System.nanoTime());
        } else {
            received.add(Arrays.copyOfRange(buf, off, off + len));
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
