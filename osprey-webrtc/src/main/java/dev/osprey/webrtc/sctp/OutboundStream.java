package dev.osprey.webrtc.sctp;

/** Sending state of one outgoing stream: its next SSN and how many of its bytes are not yet acknowledged. */
final class OutboundStream {
    int nextSsn;
    long bufferedBytes;
    boolean resetting;
}
