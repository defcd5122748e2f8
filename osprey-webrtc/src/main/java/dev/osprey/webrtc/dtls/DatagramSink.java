package dev.osprey.webrtc.dtls;

/**
 * Where an endpoint's outgoing DTLS datagrams go (normally the UDP socket towards the selected ICE pair).
 * Called from the endpoint's own thread; must not block, and must copy the bytes if it keeps them
 * beyond the call, because the buffer is reused.
 */
@FunctionalInterface
public interface DatagramSink {
    void send(byte[] buf, int off, int len);
}
