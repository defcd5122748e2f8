package dev.osprey.webrtc.sctp;

/** One user message on its way out: queued, being fragmented, or awaiting acknowledgement. */
final class OutboundMessage {
    final OutboundStream owner;
    final int stream;
    final int ppid;
    final byte[] data;
    final boolean unordered;
    /** Retransmissions allowed, or -1 for reliable. */
    final int maxRetransmits;
    /** Give up after this instant (nanos), or {@link Long#MAX_VALUE}. */
    final long expiresAtNanos;
    int ssn;
    /** Next byte to put into a DATA chunk. */
    int sentOffset;
    boolean abandoned;
    boolean finished;

    OutboundMessage(OutboundStream owner, int stream, int ppid, byte[] data, boolean unordered, int maxRetransmits, long expiresAtNanos) {
        this.owner = owner;
        this.stream = stream;
        this.ppid = ppid;
        this.data = data;
        this.unordered = unordered;
        this.maxRetransmits = maxRetransmits;
        this.expiresAtNanos = expiresAtNanos;
    }

    boolean partiallyReliable() {
        return maxRetransmits >= 0 || expiresAtNanos != Long.MAX_VALUE;
    }
}
