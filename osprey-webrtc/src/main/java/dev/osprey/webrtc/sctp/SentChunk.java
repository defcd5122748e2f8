package dev.osprey.webrtc.sctp;

/** A DATA chunk that has a TSN and is not yet cumulatively acknowledged. */
final class SentChunk {
    final long tsn;
    final OutboundMessage message;
    final int offset;
    final int length;
    final int flags;
    long sentAtNanos;
    int transmissions;
    int missIndications;
    /** Counted in the flight size. */
    boolean inFlight;
    /** Covered by a gap ack block. */
    boolean gapAcked;
    /** Waiting to be sent again. */
    boolean retransmit;
    boolean fastRetransmitted;
    boolean abandoned;

    SentChunk(long tsn, OutboundMessage message, int offset, int length, int flags) {
        this.tsn = tsn;
        this.message = message;
        this.offset = offset;
        this.length = length;
        this.flags = flags;
    }

    boolean end() {
        return (flags & DataChunk.FLAG_END) != 0;
    }
}
