package dev.osprey.webrtc.net;

import java.net.InetSocketAddress;

/** Receives the datagrams of a {@link UdpSocket}; the bytes are only valid during the call. */
@FunctionalInterface
public interface DatagramHandler {
    void onDatagram(byte[] buf, int off, int len, InetSocketAddress from);
}
