package dev.osprey.webrtc.sctp;

import java.security.SecureRandom;

/**
 * HEARTBEAT both ways (RFC 9260 8.3): ours probe the established association one interval after it was
 * established and then every interval plus one RTO, and give RTT samples; the peer's are echoed in a HEARTBEAT ACK
 * with the next packet. Counting unanswered probes against the retransmission limit is the association's (it
 * shares the count with data retransmissions).
 */
final class Heartbeats {
    private final long intervalNanos;
    private final SecureRandom random;
    private final RtoEstimator rto;
    /** The Heartbeat Info of the peer's last HEARTBEAT, to echo; it must fit in one of our packets. */
    private final byte[] echo;
    private int echoLength;
    private long deadline = SctpAssociation.NONE;
    private boolean due;
    private boolean outstanding;
    private long nonce;

    Heartbeats(long intervalNanos, int maxPacketSize, SecureRandom random, RtoEstimator rto) {
        this.intervalNanos = intervalNanos;
        this.random = random;
        this.rto = rto;
        this.echo = new byte[maxPacketSize];
    }

    /** The association is established: the first probe goes out after one interval. */
    void start(long nowNanos) {
        deadline = nowNanos + intervalNanos;
    }

    void stop() {
        deadline = SctpAssociation.NONE;
    }

    long deadline() {
        return deadline;
    }

    /** Whether the last probe is still unanswered. */
    boolean unanswered() {
        return outstanding;
    }

    /** The timer fired on an established association: probe with the next packet, then wait for the next turn. */
    void probe(long nowNanos) {
        due = true;
        deadline = nowNanos + intervalNanos + rto.rto();
    }

    /** A valid HEARTBEAT from the peer: its info goes back with the next packet. */
    void onHeartbeat(byte[] buf, int off, int len) {
        int infoLength = HeartbeatChunk.infoLength(len);
        if (infoLength > echo.length - Chunks.COMMON_HEADER - Chunks.HEADER) {
            return;
        }
        System.arraycopy(buf, HeartbeatChunk.infoOffset(off), echo, 0, infoLength);
        echoLength = infoLength;
    }

    /** A HEARTBEAT ACK: true when it answers our outstanding probe, whose round trip is then an RTT sample. */
    boolean onHeartbeatAck(byte[] buf, int off, int len, long nowNanos) {
        if (!HeartbeatChunk.isOwnAck(buf, off, len) || !outstanding || HeartbeatChunk.nonce(buf, off) != nonce) {
            return false;
        }
        outstanding = false;
        rto.sample(nowNanos - HeartbeatChunk.sentAtNanos(buf, off));
        return true;
    }

    /** Adds the HEARTBEAT ACK and the HEARTBEAT that are due to the packet being built. */
    void write(SctpPacketBuilder packet, long nowNanos) {
        if (echoLength > 0) {
            packet.ensureRoom(Chunks.HEADER + echoLength);
            packet.advance(HeartbeatChunk.writeAck(packet.buffer(), packet.position(), echo, 0, echoLength));
            echoLength = 0;
        }
        if (due) {
            nonce = random.nextLong();
            packet.ensureRoom(HeartbeatChunk.OWN_LENGTH);
            packet.advance(HeartbeatChunk.writeRequest(packet.buffer(), packet.position(), nonce, nowNanos));
            due = false;
            outstanding = true;
        }
    }
}
