package dev.osprey.webrtc.sctp;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The send side of an association: the queue of user messages, their fragmentation into DATA chunks, and the
 * bookkeeping of every chunk until the peer acknowledges it (RFC 9260 6): SACK processing with gap blocks, fast
 * retransmit on three miss reports (7.2.4), the T3-rtx timer (6.3), the peer's receive window and the
 * {@link CongestionControl} window, and partial reliability (RFC 3758: abandoning messages and moving the peer
 * past them with FORWARD TSN). Memory is bounded by {@link SctpConfig#sendBufferBytes()}.
 */
final class DataSender {
    private static final int MAX_FORWARD_TSN_PAIRS = 256;

    private final long sendBufferBytes;
    private final int maxChunkPayload;
    /** Keeps one FORWARD TSN inside one packet whatever the packet size. */
    private final int maxForwardTsnPairs;
    private final CongestionControl congestion;
    private final RtoEstimator rto;

    private int outboundStreams;
    private boolean peerForwardTsn;
    private long nextTsn;
    private long peerCumulativeAck;
    /** RFC 3758 3.5: the highest TSN the peer need no longer wait for (abandoned chunks included). */
    private long advancedPeerAckPoint;
    private boolean forwardTsnDue;
    private final SentChunkQueue outstanding = new SentChunkQueue();
    private final ArrayDeque<OutboundMessage> unsent = new ArrayDeque<>();
    private final Map<Integer, OutboundStream> streams = new HashMap<>();
    private long bufferedBytes;
    private long flightSize;
    private long peerRwnd;
    private boolean fastRetransmitNow;
    private int retransmitCount;
    private long t3Deadline = SctpAssociation.NONE;
    private final int[] skipStreams = new int[MAX_FORWARD_TSN_PAIRS];
    private final int[] skipSsns = new int[MAX_FORWARD_TSN_PAIRS];

    private long messagesSent;
    private long messagesDropped;
    private long bytesDropped;
    private long messagesAbandoned;
    private long chunksRetransmitted;
    private long fastRetransmits;

    DataSender(SctpConfig config, int initialTsn, RtoEstimator rto) {
        this.sendBufferBytes = config.sendBufferBytes();
        this.maxChunkPayload = (config.maxPacketSize() - Chunks.COMMON_HEADER - DataChunk.HEADER_LENGTH) & ~3;
        this.maxForwardTsnPairs = Math.min(MAX_FORWARD_TSN_PAIRS,
                (config.maxPacketSize() - Chunks.COMMON_HEADER - ForwardTsnChunk.MIN_LENGTH) / 4);
        this.congestion = new CongestionControl(config.maxPacketSize());
        this.rto = rto;
        this.outboundStreams = config.streams();
        this.nextTsn = initialTsn & 0xFFFF_FFFFL;
        this.peerCumulativeAck = nextTsn - 1;
        this.advancedPeerAckPoint = peerCumulativeAck;
    }

    /** The peer's INIT or INIT ACK is known: what it lets us send. */
    void start(int outboundStreams, long peerArwnd, boolean peerForwardTsn) {
        this.outboundStreams = outboundStreams;
        this.peerRwnd = peerArwnd;
        this.peerForwardTsn = peerForwardTsn;
        congestion.setInitialThreshold(peerArwnd);
    }

    /** The association is established: data may flow. */
    void open() {
        congestion.open();
    }

    int outboundStreams() {
        return outboundStreams;
    }

    boolean peerSupportsForwardTsn() {
        return peerForwardTsn;
    }

    /**
     * Queues one message; the association checked everything but the stream's own state and the buffer bound.
     *
     * @param expiresAtNanos give up after this instant, or {@link SctpAssociation#NONE}
     */
    SendResult enqueue(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                       long expiresAtNanos) {
        OutboundStream s = streams.computeIfAbsent(streamId, k -> new OutboundStream());
        if (s.resetting) {
            return SendResult.BAD_STREAM;
        }
        if (bufferedBytes + data.length > sendBufferBytes) {
            messagesDropped++;
            bytesDropped += data.length;
            return SendResult.BUFFER_FULL;
        }
        unsent.addLast(new OutboundMessage(s, streamId, ppid, data, unordered, maxRetransmits, expiresAtNanos));
        bufferedBytes += data.length;
        s.bufferedBytes += data.length;
        return SendResult.QUEUED;
    }

    // ------------------------------------------------------------------ acknowledgements

    /** A valid SACK; returns whether it advanced the cumulative ack point (proof the peer is alive). */
    boolean onSack(byte[] buf, int off, long nowNanos) {
        long cumulative = unwrapAck(SackChunk.cumulativeTsnAck(buf, off));
        if (cumulative < peerCumulativeAck || cumulative >= nextTsn) {
            return false;
        }
        long arwnd = SackChunk.advertisedWindow(buf, off);
        long flightBefore = flightSize;
        boolean advanced = cumulative > peerCumulativeAck;
        long ackedBytes = 0;
        long rttFrom = -1;
        while (!outstanding.isEmpty() && outstanding.first().tsn <= cumulative) {
            SentChunk c = outstanding.removeFirst();
            ackedBytes += acknowledge(c);
            if (c.transmissions == 1 && !c.gapAcked && !c.abandoned) {
                rttFrom = c.sentAtNanos;
            }
            if (c.end() && !c.message.abandoned) {
                finish(c.message);
            }
        }
        peerCumulativeAck = cumulative;
        long highestNewlyAcked = cumulative;
        for (int g = 0, gaps = SackChunk.gapBlockCount(buf, off); g < gaps; g++) {
            int start = SackChunk.gapStart(buf, off, g);
            int end = SackChunk.gapEnd(buf, off, g);
            if (start == 0 || end < start) {
                continue;
            }
            for (long t = cumulative + start; t <= cumulative + end; t++) {
                SentChunk c = outstanding.byTsn(t);
                if (c == null) {
                    break;
                }
                if (!c.gapAcked) {
                    ackedBytes += acknowledge(c);
                    c.gapAcked = true;
                    if (c.transmissions == 1 && !c.abandoned) {
                        rttFrom = Math.max(rttFrom, c.sentAtNanos);
                    }
                    highestNewlyAcked = Math.max(highestNewlyAcked, t);
                }
            }
        }
        if (rttFrom >= 0) {
            rto.sample(nowNanos - rttFrom);
        }
        markMissing(highestNewlyAcked);
        congestion.onSack(cumulative, advanced, ackedBytes, flightBefore);
        peerRwnd = Math.max(0, arwnd - flightSize);
        if (outstanding.isEmpty()) {
            t3Deadline = SctpAssociation.NONE;
        } else if (advanced) {
            t3Deadline = nowNanos + rto.rto();
        }
        advanceAckPoint();
        return advanced;
    }

    /** The cumulative TSN ack of a SHUTDOWN: releases what it covers, nothing more (RFC 9260 9.2). */
    void onShutdownCumulativeAck(int wireCumulativeTsnAck) {
        long cumulative = unwrapAck(wireCumulativeTsnAck);
        if (cumulative <= peerCumulativeAck || cumulative >= nextTsn) {
            return;
        }
        while (!outstanding.isEmpty() && outstanding.first().tsn <= cumulative) {
            SentChunk c = outstanding.removeFirst();
            acknowledge(c);
            if (c.end() && !c.message.abandoned) {
                finish(c.message);
            }
        }
        peerCumulativeAck = cumulative;
        if (outstanding.isEmpty()) {
            t3Deadline = SctpAssociation.NONE;
        }
    }

    private long unwrapAck(int wireTsn) {
        return peerCumulativeAck + (wireTsn - (int) peerCumulativeAck);
    }

    /** Takes a chunk out of flight and retransmission; returns the bytes newly acknowledged. */
    private long acknowledge(SentChunk c) {
        if (c.retransmit) {
            c.retransmit = false;
            retransmitCount--;
        }
        if (c.inFlight) {
            c.inFlight = false;
            flightSize -= c.length;
            return c.length;
        }
        return 0;
    }

    /** Fast retransmit (RFC 9260 7.2.4): three miss reports below the highest newly acknowledged TSN. */
    private void markMissing(long highestNewlyAcked) {
        boolean any = false;
        for (int k = 0; k < outstanding.size(); k++) {
            SentChunk c = outstanding.get(k);
            if (c.tsn >= highestNewlyAcked) {
                break;
            }
            if (c.gapAcked || c.abandoned || !c.inFlight || c.fastRetransmitted) {
                continue;
            }
            if (++c.missIndications >= 3) {
                c.fastRetransmitted = true;
                c.inFlight = false;
                flightSize -= c.length;
                c.retransmit = true;
                retransmitCount++;
                any = true;
            }
        }
        if (any) {
            fastRetransmits++;
            fastRetransmitNow = true;
            congestion.onFastRetransmit(nextTsn - 1);
        }
    }

    private void finish(OutboundMessage m) {
        if (m.finished) {
            return;
        }
        m.finished = true;
        messagesSent++;
        release(m);
    }

    private void release(OutboundMessage m) {
        bufferedBytes -= m.data.length;
        // The stream object the message was queued on: after a reset the id may belong to a new stream.
        m.owner.bufferedBytes -= m.data.length;
    }

    // ------------------------------------------------------------------ retransmission timer

    boolean hasOutstanding() {
        return !outstanding.isEmpty();
    }

    /** Nothing queued and nothing unacknowledged: a shutdown may proceed. */
    boolean isIdle() {
        return unsent.isEmpty() && outstanding.isEmpty();
    }

    long deadline() {
        return t3Deadline;
    }

    void stopTimer() {
        t3Deadline = SctpAssociation.NONE;
    }

    /** Starts T3-rtx if data is outstanding and it is not running. */
    void armTimer(long nowNanos) {
        if (!outstanding.isEmpty() && t3Deadline == SctpAssociation.NONE) {
            t3Deadline = nowNanos + rto.rto();
        }
    }

    /**
     * T3-rtx expired with data outstanding, and the association has not given up (RFC 9260 6.3.3): back off,
     * shrink the window, and send everything in flight again.
     */
    void onRetransmissionTimeout(long nowNanos) {
        congestion.onRetransmissionTimeout();
        rto.backOff();
        for (int k = 0; k < outstanding.size(); k++) {
            SentChunk c = outstanding.get(k);
            if (c.inFlight) {
                c.inFlight = false;
                flightSize -= c.length;
                if (!c.retransmit) {
                    c.retransmit = true;
                    retransmitCount++;
                }
            }
        }
        if (advancedPeerAckPoint > peerCumulativeAck) {
            forwardTsnDue = true;
        }
        t3Deadline = nowNanos + rto.rto();
    }

    // ------------------------------------------------------------------ partial reliability

    private boolean expired(OutboundMessage m, SentChunk c, long nowNanos) {
        return peerForwardTsn && m.partiallyReliable()
                && ((m.maxRetransmits >= 0 && c != null && c.transmissions > m.maxRetransmits)
                || nowNanos >= m.expiresAtNanos);
    }

    private void abandon(OutboundMessage m) {
        if (m.abandoned || m.finished) {
            return;
        }
        m.abandoned = true;
        messagesAbandoned++;
        for (int k = 0; k < outstanding.size(); k++) {
            SentChunk c = outstanding.get(k);
            if (c.message == m) {
                c.abandoned = true;
                acknowledge(c);
            }
        }
        if (m.sentOffset < m.data.length) {
            unsent.remove(m);
        }
        release(m);
    }

    /** RFC 3758 3.5 C1-C3: move past abandoned chunks at the head and tell the peer with FORWARD TSN. */
    private void advanceAckPoint() {
        if (!peerForwardTsn) {
            return;
        }
        if (advancedPeerAckPoint < peerCumulativeAck) {
            advancedPeerAckPoint = peerCumulativeAck;
        }
        long before = advancedPeerAckPoint;
        SentChunk c;
        while ((c = outstanding.byTsn(advancedPeerAckPoint + 1)) != null && c.abandoned) {
            advancedPeerAckPoint++;
        }
        if (advancedPeerAckPoint > before) {
            forwardTsnDue = true;
        }
    }

    /** Adds a FORWARD TSN to the packet being built if abandoned chunks lie at the head of the queue. */
    void writeForwardTsn(SctpPacketBuilder packet) {
        advanceAckPoint();
        if (!forwardTsnDue || advancedPeerAckPoint <= peerCumulativeAck) {
            return;
        }
        int pairs = 0;
        for (int k = 0; k < outstanding.size(); k++) {
            SentChunk c = outstanding.get(k);
            if (c.tsn > advancedPeerAckPoint) {
                break;
            }
            OutboundMessage m = c.message;
            if (m.unordered) {
                continue;
            }
            int found = -1;
            for (int j = 0; j < pairs; j++) {
                if (skipStreams[j] == m.stream) {
                    found = j;
                    break;
                }
            }
            if (found >= 0) {
                skipSsns[found] = m.ssn;
            } else if (pairs < maxForwardTsnPairs) {
                skipStreams[pairs] = m.stream;
                skipSsns[pairs] = m.ssn;
                pairs++;
            }
        }
        packet.ensureRoom(ForwardTsnChunk.MIN_LENGTH + 4 * pairs);
        packet.advance(ForwardTsnChunk.write(packet.buffer(), packet.position(), (int) advancedPeerAckPoint,
                skipStreams, skipSsns, pairs));
        forwardTsnDue = false;
    }

    // ------------------------------------------------------------------ sending

    /** Adds the chunks marked for retransmission that the congestion window allows to the packet being built. */
    void writeRetransmissions(SctpPacketBuilder packet, long nowNanos) {
        if (retransmitCount == 0) {
            return;
        }
        // A fast retransmit may send one packet regardless of the congestion window (RFC 9260 7.2.4).
        boolean ignoreWindow = fastRetransmitNow;
        fastRetransmitNow = false;
        for (int k = 0; k < outstanding.size() && retransmitCount > 0; k++) {
            SentChunk c = outstanding.get(k);
            if (!c.retransmit) {
                continue;
            }
            if (expired(c.message, c, nowNanos)) {
                abandon(c.message);
                continue;
            }
            if (!ignoreWindow && !congestion.canSend(flightSize)) {
                break;
            }
            int need = DataChunk.HEADER_LENGTH + Chunks.padded(c.length);
            if (packet.remaining() < need) {
                packet.ensureRoom(need);
                if (ignoreWindow) {
                    ignoreWindow = false;
                    if (!congestion.canSend(flightSize)) {
                        break;
                    }
                }
            }
            c.retransmit = false;
            retransmitCount--;
            c.transmissions++;
            chunksRetransmitted++;
            writeData(packet, c, nowNanos);
        }
    }

    /** Fragments queued messages into new DATA chunks while both windows allow. */
    void writeNewData(SctpPacketBuilder packet, long nowNanos) {
        while (!unsent.isEmpty()) {
            OutboundMessage m = unsent.peekFirst();
            if (m.sentOffset == 0 && expired(m, null, nowNanos)) {
                unsent.pollFirst();
                m.abandoned = true;
                messagesAbandoned++;
                release(m);
                continue;
            }
            if (!congestion.canSend(flightSize)) {
                return;
            }
            int remainingBytes = m.data.length - m.sentOffset;
            if (flightSize > 0 && peerRwnd < Math.min(remainingBytes, maxChunkPayload)) {
                return;
            }
            int room = (packet.remaining() - DataChunk.HEADER_LENGTH) & ~3;
            int length;
            if (remainingBytes <= room) {
                length = remainingBytes;
            } else if (remainingBytes > maxChunkPayload && room >= Math.min(256, maxChunkPayload)) {
                length = room;
            } else {
                packet.ensureRoom(packet.remaining() + 1);
                continue;
            }
            if (m.sentOffset == 0 && !m.unordered) {
                m.ssn = m.owner.nextSsn;
                m.owner.nextSsn = (m.owner.nextSsn + 1) & 0xFFFF;
            }
            int flags = (m.sentOffset == 0 ? DataChunk.FLAG_BEGIN : 0)
                    | (m.sentOffset + length == m.data.length ? DataChunk.FLAG_END : 0)
                    | (m.unordered ? DataChunk.FLAG_UNORDERED : 0);
            SentChunk c = new SentChunk(nextTsn++, m, m.sentOffset, length, flags);
            c.transmissions = 1;
            outstanding.add(c);
            m.sentOffset += length;
            writeData(packet, c, nowNanos);
            if (m.sentOffset == m.data.length) {
                unsent.pollFirst();
            }
        }
    }

    private void writeData(SctpPacketBuilder packet, SentChunk c, long nowNanos) {
        OutboundMessage m = c.message;
        packet.advance(DataChunk.write(packet.buffer(), packet.position(), c.flags, (int) c.tsn, m.stream,
                m.unordered ? 0 : m.ssn, m.ppid, m.data, c.offset, c.length));
        c.inFlight = true;
        c.sentAtNanos = nowNanos;
        c.missIndications = 0;
        flightSize += c.length;
        peerRwnd = Math.max(0, peerRwnd - c.length);
    }

    // ------------------------------------------------------------------ streams

    /** Refuses further sends on a stream that is being reset. */
    void markResetting(int streamId) {
        streams.computeIfAbsent(streamId, k -> new OutboundStream()).resetting = true;
    }

    /** A reset of this stream completed: the next message on the id starts a new stream at SSN 0. */
    void forgetStream(int streamId) {
        streams.remove(streamId);
    }

    /** Streams with messages not yet fully sent (their reset must wait). Allocates: for stream resets only. */
    Set<Integer> streamsWithUnsentData() {
        Set<Integer> busy = new HashSet<>();
        for (OutboundMessage m : unsent) {
            busy.add(m.stream);
        }
        return busy;
    }

    /** The TSN of the last DATA chunk created, as an Outgoing SSN Reset Request names it. */
    int lastAssignedTsn() {
        return (int) (nextTsn - 1);
    }

    long bufferedAmount(int streamId) {
        OutboundStream s = streams.get(streamId);
        return s == null ? 0 : s.bufferedBytes;
    }

    long bufferedAmount() {
        return bufferedBytes;
    }

    /** The association ended: drop everything. */
    void clear() {
        t3Deadline = SctpAssociation.NONE;
        unsent.clear();
        while (!outstanding.isEmpty()) {
            outstanding.removeFirst();
        }
        flightSize = 0;
        bufferedBytes = 0;
        streams.clear();
    }

    long flightSize() {
        return flightSize;
    }

    long congestionWindow() {
        return congestion.window();
    }

    long messagesSent() {
        return messagesSent;
    }

    long messagesDropped() {
        return messagesDropped;
    }

    long bytesDropped() {
        return bytesDropped;
    }

    long messagesAbandoned() {
        return messagesAbandoned;
    }

    long chunksRetransmitted() {
        return chunksRetransmitted;
    }

    long fastRetransmits() {
        return fastRetransmits;
    }
}
