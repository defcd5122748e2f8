package dev.osprey.webrtc.ice;

import java.net.InetSocketAddress;

/** Where an agent sends the STUN messages it builds. The bytes are only valid during the call. */
@FunctionalInterface
public interface StunSender {
    void sendStun(byte[] buf, int off, int len, InetSocketAddress to);
}
