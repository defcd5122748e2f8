package dev.osprey.webrtc.sctp;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream reset (RFC 6525) as data channels use it: Outgoing SSN Reset Requests both ways, each answered by a
 * Re-configuration Response; every other request type is denied.
 * <ul>
 *   <li>Ours: the owner closes channels ({@link #request}); the request goes out once the streams' queued messages
 *       were sent, one request in flight at a time, resent after an RTO until answered. The answer lets the
 *       stream ids start afresh at SSN 0.</li>
 *   <li>The peer's: performed when every TSN it sent before has arrived; until then it is answered "in
 *       progress" and performed as soon as that data is in (5.2.2). A retransmitted request gets the last answer
 *       again; one out of sequence is refused. A request that lists no stream resets none here (the RFC would
 *       reset all; data channel peers always list theirs).</li>
 * </ul>
 */
final class StreamReset {
    private static final Logger LOG = LoggerFactory.getLogger(StreamReset.class);
    private static final int MAX_RESET_STREAMS = 128;

    /** Keeps our request plus a response inside one packet whatever the packet size. */
    private final int maxResetStreams;
    private final DataSender sender;
    private final DataReceiver receiver;
    private final RtoEstimator rto;
    private final GuardedListener listener;

    // Our requests.
    private final Set<Integer> pending = new LinkedHashSet<>();
    private int[] inFlight;
    private boolean requestDue;
    private int nextRequestSeq;
    private long deadline = SctpAssociation.NONE;

    // The peer's requests.
    private int peerNextRequestSeq;
    private int lastResponseResult = ReconfigResponse.RESULT_NOTHING_TO_DO;
    private boolean responseDue;
    private int responseSeq;
    private int responseResult;
    /** A peer request waiting for its data (deferred reset processing), or -1. */
    private long deferredLastTsn = -1;
    private int deferredSeq;
    private int[] deferredStreams;

    StreamReset(int localInitialTsn, int maxPacketSize, DataSender sender, DataReceiver receiver, RtoEstimator rto,
                GuardedListener listener) {
        this.maxResetStreams = Math.min(MAX_RESET_STREAMS, (maxPacketSize - Chunks.COMMON_HEADER - Chunks.HEADER
                - OutgoingResetRequest.MIN_LENGTH - ReconfigResponse.LENGTH) / 2);
        this.sender = sender;
        this.receiver = receiver;
        this.rto = rto;
        this.listener = listener;
        // RFC 6525 4.1: request sequence numbers start at the initial TSN.
        this.nextRequestSeq = localInitialTsn;
    }

    /** The peer's INIT or INIT ACK is known: its requests are numbered from its initial TSN. */
    void start(int peerInitialTsn) {
        peerNextRequestSeq = peerInitialTsn;
    }

    /** Resets this outgoing stream as soon as its queued messages went out; sending on it fails meanwhile. */
    void request(int streamId) {
        sender.markResetting(streamId);
        pending.add(streamId);
    }

    /** A valid RE-CONFIG chunk from the peer; stops at the first malformed parameter. */
    void onReconfig(byte[] buf, int off, int len, long nowNanos) {
        int end = off + len;
        for (int p = ReconfigChunk.firstParameter(off); end - p >= Chunks.HEADER; p = Chunks.nextParameter(buf, p)) {
            if (!Chunks.parameterFits(buf, p, end)) {
                return;
            }
            int type = Chunks.parameterType(buf, p);
            int plen = Chunks.parameterLength(buf, p);
            if (type == OutgoingResetRequest.TYPE && OutgoingResetRequest.isValid(plen)) {
                onResetRequest(buf, p, plen);
            } else if (type == ReconfigResponse.TYPE && ReconfigResponse.isValid(plen)) {
                onResponse(ReconfigResponse.responseSequenceNumber(buf, p), ReconfigResponse.result(buf, p), nowNanos);
            } else if (type >= ReconfigChunk.FIRST_OTHER_REQUEST && type <= ReconfigChunk.LAST_OTHER_REQUEST
                    && plen >= ReconfigChunk.MIN_REQUEST_LENGTH) {
                // Incoming / SSN-TSN reset and add-streams requests: WebRTC does not use them.
                queueResponse(ReconfigChunk.requestSequenceNumber(buf, p), ReconfigResponse.RESULT_DENIED);
            }
        }
    }

    private void onResetRequest(byte[] buf, int p, int plen) {
        int seq = OutgoingResetRequest.requestSequenceNumber(buf, p);
        if (seq == peerNextRequestSeq) {
            int count = OutgoingResetRequest.streamCount(plen);
            int[] ids = new int[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int id = OutgoingResetRequest.streamId(buf, p, k);
                if (id < receiver.inboundStreams()) {
                    ids[n++] = id;
                }
            }
            ids = Arrays.copyOf(ids, n);
            long lastTsn = receiver.unwrap(OutgoingResetRequest.lastAssignedTsn(buf, p));
            if (lastTsn <= receiver.cumulativeTsn()) {
                performIncomingReset(seq, ids);
            } else {
                // Data sent before the reset is still missing: answer "in progress" now and "performed" once it
                // arrived; a peer that retries the request gets the same answers.
                deferredSeq = seq;
                deferredLastTsn = lastTsn;
                deferredStreams = ids;
                queueResponse(seq, ReconfigResponse.RESULT_IN_PROGRESS);
            }
        } else if (seq == peerNextRequestSeq - 1) {
            queueResponse(seq, lastResponseResult);
        } else {
            queueResponse(seq, ReconfigResponse.RESULT_BAD_SEQUENCE);
        }
    }

    /** A packet was processed: a deferred peer request is performed once the data it waited for is in. */
    void afterPacket() {
        if (deferredLastTsn >= 0 && receiver.cumulativeTsn() >= deferredLastTsn) {
            deferredLastTsn = -1;
            performIncomingReset(deferredSeq, deferredStreams);
        }
    }

    private void performIncomingReset(int seq, int[] ids) {
        for (int id : ids) {
            receiver.resetStream(id);
        }
        peerNextRequestSeq++;
        lastResponseResult = ReconfigResponse.RESULT_PERFORMED;
        queueResponse(seq, ReconfigResponse.RESULT_PERFORMED);
        listener.incomingStreamsReset(ids);
    }

    private void queueResponse(int seq, int result) {
        responseDue = true;
        responseSeq = seq;
        responseResult = result;
    }

    private void onResponse(int seq, int result, long nowNanos) {
        if (inFlight == null || seq != nextRequestSeq) {
            return;
        }
        if (result == ReconfigResponse.RESULT_IN_PROGRESS) {
            deadline = nowNanos + rto.rto();
            return;
        }
        int[] ids = inFlight;
        inFlight = null;
        deadline = SctpAssociation.NONE;
        nextRequestSeq++;
        if (result != ReconfigResponse.RESULT_PERFORMED && result != ReconfigResponse.RESULT_NOTHING_TO_DO) {
            LOG.debug("SCTP peer refused stream reset with result {}", result);
        }
        for (int id : ids) {
            sender.forgetStream(id);
        }
        listener.outgoingStreamsReset(ids);
    }

    /** The retransmission timer of our request: send it again. */
    void tick(long nowNanos) {
        if (nowNanos >= deadline) {
            deadline = SctpAssociation.NONE;
            requestDue = inFlight != null;
        }
    }

    long deadline() {
        return deadline;
    }

    void stop() {
        deadline = SctpAssociation.NONE;
    }

    /** Adds a RE-CONFIG with our request and / or our response, when due, to the packet being built. */
    void write(SctpPacketBuilder packet, long nowNanos) {
        if (inFlight == null && !pending.isEmpty()) {
            startRequest();
        }
        if (!requestDue && !responseDue) {
            return;
        }
        int requestLength = requestDue ? OutgoingResetRequest.paddedLength(inFlight.length) : 0;
        packet.ensureRoom(Chunks.HEADER + requestLength + (responseDue ? ReconfigResponse.LENGTH : 0));
        byte[] buf = packet.buffer();
        int off = packet.position();
        int p = ReconfigChunk.firstParameter(off);
        if (requestDue) {
            p += OutgoingResetRequest.write(buf, p, nextRequestSeq, peerNextRequestSeq - 1, sender.lastAssignedTsn(),
                    inFlight);
            requestDue = false;
            deadline = nowNanos + rto.rto();
        }
        if (responseDue) {
            p += ReconfigResponse.write(buf, p, responseSeq, responseResult);
            responseDue = false;
        }
        packet.advance(ReconfigChunk.writeHeader(buf, off, p));
    }

    /** Picks the pending streams whose queued messages all went out, at most one packet's worth. */
    private void startRequest() {
        Set<Integer> busy = sender.streamsWithUnsentData();
        int[] ids = new int[Math.min(pending.size(), maxResetStreams)];
        int n = 0;
        for (var it = pending.iterator(); it.hasNext() && n < ids.length; ) {
            int id = it.next();
            if (!busy.contains(id)) {
                ids[n++] = id;
                it.remove();
            }
        }
        if (n > 0) {
            inFlight = Arrays.copyOf(ids, n);
            requestDue = true;
        }
    }
}
