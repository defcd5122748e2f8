package dev.osprey.webrtc.transport;

import dev.osprey.webrtc.ice.IceCredentials;
import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** The network below a {@link PeerTransport}: where its datagrams go and how ICE is run and stopped. */
interface Link {
    /** The loop that receives this link's datagrams and runs its ICE agent. */
    EventLoop eventLoop();

    /** The peer's address: the ICE-selected one (null before nomination) or the client's server. */
    InetSocketAddress remoteAddress();

    /** Sends one datagram to the peer without blocking; any thread. False when dropped. */
    boolean send(byte[] buf, int off, int len);

    /** The remote ICE credentials arrived (server role); any thread. */
    void remoteCredentials(IceCredentials remote);

    /** Stops ICE and receiving; runs on the event loop. */
    void close();

    /** Frees what cannot be freed on the event loop itself (a client's socket); runs off the loop. */
    void release();
}
