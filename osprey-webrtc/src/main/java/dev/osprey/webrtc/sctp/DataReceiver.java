package dev.osprey.webrtc.sctp;

/**
 * The receive side of an association: which peer TSNs arrived ({@link ReceivedTsns}), which DATA chunks get into
 * the bounded receive buffer, FORWARD TSN (RFC 3758 3.6), and when a SACK is due (RFC 9260 6.2: after every
 * second packet with DATA, at once when something is missing or duplicated, else after the delayed-ACK time).
 * Complete messages come out of the {@link InboundReassembly} it feeds.
 */
final class DataReceiver {
    private static final int MAX_GAP_BLOCKS = 32;
    private static final int MAX_DUPLICATES = 16;
    private static final int MAX_SKIPPED_STREAMS = 256;

    private final int receiveBufferBytes;
    /** Beyond the window only the next expected TSN gets in, up to this, so a full buffer can always drain. */
    private final long hardLimit;
    private final long delayedAckNanos;
    private final ReceivedTsns received = new ReceivedTsns();
    private final InboundReassembly reassembly;
    private int inboundStreams;

    private boolean sackNow;
    private int dataPacketsSinceSack;
    private long sackDeadline = SctpAssociation.NONE;
    private final int[] duplicates = new int[MAX_DUPLICATES];
    private int duplicateCount;
    private final int[] gapStarts = new int[MAX_GAP_BLOCKS];
    private final int[] gapEnds = new int[MAX_GAP_BLOCKS];
    private final int[] skipStreams = new int[MAX_SKIPPED_STREAMS];
    private final int[] skipSsns = new int[MAX_SKIPPED_STREAMS];
    private long dataChunksDropped;

    DataReceiver(SctpConfig config, InboundReassembly.Delivery delivery) {
        this.receiveBufferBytes = config.receiveBufferBytes();
        this.hardLimit = (long) config.receiveBufferBytes() + config.maxInboundMessageSize() + config.maxPacketSize();
        this.delayedAckNanos = config.delayedAck().toNanos();
        this.reassembly = new InboundReassembly(config.maxInboundMessageSize(), delivery);
        this.inboundStreams = config.streams();
    }

    /** The peer's INIT or INIT ACK is known: its first TSN and how many of our inbound streams it may use. */
    void start(int peerInitialTsn, int inboundStreams) {
        this.inboundStreams = inboundStreams;
        received.reset((peerInitialTsn & 0xFFFF_FFFFL) - 1);
    }

    int inboundStreams() {
        return inboundStreams;
    }

    long cumulativeTsn() {
        return received.cumulative();
    }

    /** The peer TSN a 32-bit wire value stands for. */
    long unwrap(int wireTsn) {
        return received.unwrap(wireTsn);
    }

    /** Receive window left to advertise. */
    long advertisedWindow() {
        return Math.max(0, receiveBufferBytes - reassembly.bufferedBytes());
    }

    long bufferedBytes() {
        return reassembly.bufferedBytes();
    }

    long dataChunksDropped() {
        return dataChunksDropped;
    }

    /** A valid DATA chunk (see {@link DataChunk#isValid}). May deliver messages, or report an oversized one. */
    void onData(byte[] buf, int off, int len) {
        int wireTsn = DataChunk.tsn(buf, off);
        long tsn = received.unwrap(wireTsn);
        if (received.contains(tsn)) {
            if (duplicateCount < MAX_DUPLICATES) {
                duplicates[duplicateCount++] = wireTsn;
            }
            sackNow = true;
            return;
        }
        if (!received.inWindow(tsn)) {
            dataChunksDropped++;
            return;
        }
        int stream = DataChunk.streamId(buf, off);
        if (stream >= inboundStreams) {
            // RFC 9260 6.5: acknowledge and discard data for a stream that does not exist.
            received.add(tsn);
            dataChunksDropped++;
            return;
        }
        int dataLength = DataChunk.userDataLength(len);
        long held = reassembly.bufferedBytes();
        if (held + dataLength > receiveBufferBytes
                && (tsn != received.cumulative() + 1 || held + dataLength > hardLimit)) {
            dataChunksDropped++;
            sackNow = true;
            return;
        }
        received.add(tsn);
        if (received.cumulative() < received.highest()) {
            sackNow = true;
        }
        reassembly.add(tsn, stream, DataChunk.streamSequenceNumber(buf, off), DataChunk.ppid(buf, off),
                DataChunk.flags(buf, off), buf, DataChunk.userDataOffset(off), dataLength);
    }

    /** A valid FORWARD TSN: forget what the peer abandoned and deliver what waited behind it. */
    void onForwardTsn(byte[] buf, int off, int len) {
        long newCumulative = received.unwrap(ForwardTsnChunk.newCumulativeTsn(buf, off));
        sackNow = true;
        if (newCumulative <= received.cumulative()) {
            return;
        }
        if (newCumulative - received.cumulative() > ReceivedTsns.WINDOW) {
            // The peer cannot have sent that much unacknowledged data within our window: ignore the claim.
            dataChunksDropped++;
            return;
        }
        int count = Math.min(ForwardTsnChunk.streamCount(len), MAX_SKIPPED_STREAMS);
        for (int k = 0; k < count; k++) {
            skipStreams[k] = ForwardTsnChunk.streamId(buf, off, k);
            skipSsns[k] = ForwardTsnChunk.streamSequenceNumber(buf, off, k);
        }
        received.forwardTo(newCumulative);
        // Only up to the peer's new point: received fragments beyond it stay, even if the cumulative TSN passes them.
        reassembly.forward(newCumulative, skipStreams, skipSsns, count);
    }

    /**
     * A packet was processed; if it held DATA, acknowledge every second such packet (or at once when
     * {@code ackAtOnce}, e.g. while shutting down), else start the delayed-ACK timer.
     */
    void afterPacket(boolean hadData, boolean ackAtOnce, long nowNanos) {
        if (!hadData) {
            return;
        }
        dataPacketsSinceSack++;
        if (dataPacketsSinceSack >= 2 || ackAtOnce) {
            sackNow = true;
        } else if (!sackNow && sackDeadline == SctpAssociation.NONE) {
            sackDeadline = nowNanos + delayedAckNanos;
        }
    }

    /** RFC 6525: the peer's outgoing stream restarts at SSN 0. */
    void resetStream(int streamId) {
        reassembly.resetStream(streamId);
    }

    void tick(long nowNanos) {
        if (nowNanos >= sackDeadline) {
            sackNow = true;
            sackDeadline = SctpAssociation.NONE;
        }
    }

    long deadline() {
        return sackDeadline;
    }

    void stop() {
        sackDeadline = SctpAssociation.NONE;
    }

    boolean sackDue() {
        return sackNow;
    }

    /** Adds a SACK to the packet being built. */
    void writeSack(SctpPacketBuilder packet) {
        int gaps = received.gapBlocks(gapStarts, gapEnds);
        packet.ensureRoom(SackChunk.MIN_LENGTH + 4 * gaps + 4 * duplicateCount);
        packet.advance(SackChunk.write(packet.buffer(), packet.position(), (int) received.cumulative(),
                advertisedWindow(), gapStarts, gapEnds, gaps, duplicates, duplicateCount));
        duplicateCount = 0;
        sackNow = false;
        dataPacketsSinceSack = 0;
        sackDeadline = SctpAssociation.NONE;
    }
}
