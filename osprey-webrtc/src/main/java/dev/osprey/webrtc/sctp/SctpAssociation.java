package dev.osprey.webrtc.sctp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association (RFC 9260) carried over DTLS (RFC 8261), as WebRTC data channels use it: cookie
 * handshake (either or both sides may initiate), fragmentation and reassembly, ordered and unordered delivery,
 * SACK with gap blocks, retransmission with RTO and fast retransmit, congestion and receiver windows, partial
 * reliability (RFC 3758 FORWARD TSN), stream reset (RFC 6525), HEARTBEAT, SHUTDOWN and ABORT.
 *
 * <p><b>Threading.</b> The association has no thread of its own and is not thread-safe: its owner calls
 * {@link #onPacket}, {@link #tick}, {@link #send} and every other method from one thread (an event loop), and
 * calls {@link #tick} no later than {@link #nextTimeoutNanos()}. Packets go out through the
 * {@link SctpPacketSink} and events through the {@link SctpListener}, both on that same thread.
 *
 * <p><b>Bad input.</b> Packets with bad framing, checksum, ports or verification tag are dropped and counted;
 * protocol violations (e.g. a message larger than the limit) abort this association only. Memory is bounded by
 * the configured receive and send buffers.
 */
public final class SctpAssociation {
    private static final Logger LOG = LoggerFactory.getLogger(SctpAssociation.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_GAP_BLOCKS = 32;
    private static final int MAX_DUPLICATES = 16;
    private static final int MAX_RESET_STREAMS = 128;
    private static final long COOKIE_LIFETIME_NANOS = 60_000_000_000L;
    private static final long NONE = Long.MAX_VALUE;

    private final SctpConfig config;
    private final SctpPacketSink sink;
    private final SctpListener listener;
    private final LongSupplier clock;
    private final SctpChecksum checksum = new SctpChecksum();
    private final SctpPacketReader reader = new SctpPacketReader();
    private final SctpPacketBuilder builder;
    private final StateCookie cookie;
    private final int maxChunkPayload;
    /** Limits that keep one control chunk inside one packet whatever the packet size. */
    private final int maxCookie;
    private final int maxResetStreams;
    private final int maxForwardTsnPairs;

    private SctpState state = SctpState.CLOSED;
    private boolean terminated;
    private boolean processing;
    private final int localTag;
    private final int localInitialTsn;
    private int peerTag;
    private boolean peerForwardTsn;
    private boolean peerReconfig;
    private boolean peerZeroChecksum;
    private int outboundStreams;
    private int inboundStreams;
    private byte[] peerCookie;
    private long t1Deadline = NONE;
    private int t1Retries;
    private boolean cookieAckDue;

    // Send side.
    private long nextTsn;
    private long peerCumulativeAck;
    private long advancedPeerAckPoint;
    private boolean forwardTsnDue;
    private final SentChunkQueue outstanding = new SentChunkQueue();
    private final ArrayDeque<OutboundMessage> unsent = new ArrayDeque<>();
    private final Map<Integer, OutboundStream> outStreams = new HashMap<>();
    private long bufferedBytes;
    private long flightSize;
    private long cwnd;
    private long ssthresh;
    private long partialBytesAcked;
    private long peerRwnd;
    private boolean fastRecovery;
    private long fastRecoveryExit;
    private boolean fastRetransmitNow;
    private int retransmitCount;
    private final RtoEstimator rto;
    private long t3Deadline = NONE;
    private int errorCount;

    // Receive side.
    private final ReceivedTsns received = new ReceivedTsns();
    private final InboundReassembly reassembly;
    private boolean sackNow;
    private int dataPacketsSinceSack;
    private long sackDeadline = NONE;
    private final int[] duplicates = new int[MAX_DUPLICATES];
    private int duplicateCount;
    private final int[] gapStarts = new int[MAX_GAP_BLOCKS];
    private final int[] gapEnds = new int[MAX_GAP_BLOCKS];
    private final int[] skipStreams = new int[256];
    private final int[] skipSsns = new int[256];

    // Heartbeat.
    private long heartbeatDeadline = NONE;
    private boolean heartbeatDue;
    private boolean heartbeatOutstanding;
    private long heartbeatNonce;
    private final byte[] heartbeatAck;
    private int heartbeatAckLength;

    // Stream reset (RFC 6525).
    private final Set<Integer> resetPending = new LinkedHashSet<>();
    private int[] resetInFlight;
    private boolean resetRequestDue;
    private int nextRequestSeq;
    private long reconfigDeadline = NONE;
    private int peerNextRequestSeq;
    private int lastResponseResult = Chunks.RESULT_NOTHING_TO_DO;
    private boolean responseDue;
    private int responseSeq;
    private int responseResult;
    /** A peer reset waiting for its data (RFC 6525 5.2.2 deferred reset processing), or -1. */
    private int deferredResetSeq;
    private long deferredResetLastTsn = -1;
    private int[] deferredResetStreams;

    // Shutdown.
    private long t2Deadline = NONE;
    private int t2Retries;

    // INIT flood protection.
    private long initWindowStart = Long.MIN_VALUE;
    private int initAcksInWindow;

    // Parsed INIT / INIT ACK fields.
    private int initTag;
    private long initArwnd;
    private int initOutbound;
    private int initInbound;
    private int initTsn;
    private int initFeatures;
    private int initCookieOffset;
    private int initCookieLength;

    private long packetsReceived;
    private long packetsDropped;
    private long packetsSent;
    private long messagesSent;
    private long messagesReceived;
    private long messagesDropped;
    private long bytesDropped;
    private long messagesAbandoned;
    private long chunksRetransmitted;
    private long fastRetransmits;
    private long timeouts;
    private long dataChunksDropped;
    private long initsIgnored;

    /**
     * @param nanoClock monotonic time in nanoseconds (e.g. {@code System::nanoTime}), read by {@link #onPacket}
     *                  and the other entry points without an explicit time
     */
    public SctpAssociation(SctpConfig config, SctpPacketSink sink, SctpListener listener, LongSupplier nanoClock) {
        this.config = config;
        this.sink = sink;
        this.listener = listener;
        this.clock = nanoClock;
        this.builder = new SctpPacketBuilder(config.maxPacketSize());
        this.maxChunkPayload = (config.maxPacketSize() - Chunks.COMMON_HEADER - Chunks.DATA_HEADER) & ~3;
        // Peers put whole INIT / INIT ACK copies in their cookies (usrsctp does): allow anything one packet holds.
        this.maxCookie = config.maxPacketSize() - Chunks.COMMON_HEADER - 4;
        this.maxResetStreams = Math.min(MAX_RESET_STREAMS, (config.maxPacketSize() - 44) / 2);
        this.maxForwardTsnPairs = Math.min(256, (config.maxPacketSize() - Chunks.COMMON_HEADER - 8) / 4);
        this.cookie = new StateCookie(RANDOM, COOKIE_LIFETIME_NANOS);
        this.rto = new RtoEstimator(config.rtoInitial().toNanos(), config.rtoMin().toNanos(), config.rtoMax().toNanos());
        this.reassembly = new InboundReassembly(config.maxInboundMessageSize(), new InboundReassembly.Delivery() {
            @Override
            public void deliver(int streamId, int ppid, byte[] data) {
                messagesReceived++;
                try {
                    listener.onMessage(streamId, ppid, data);
                } catch (RuntimeException e) {
                    LOG.warn("SCTP listener failed in onMessage", e);
                }
            }

            @Override
            public void oversized(long bytes) {
                protocolViolation("message of at least " + bytes + " bytes exceeds " + config.maxInboundMessageSize());
            }
        });
        this.heartbeatAck = new byte[config.maxPacketSize()];
        int tag;
        do {
            tag = RANDOM.nextInt();
        } while (tag == 0);
        this.localTag = tag;
        this.localInitialTsn = RANDOM.nextInt();
        this.nextTsn = localInitialTsn & 0xFFFF_FFFFL;
        this.peerCumulativeAck = nextTsn - 1;
        this.advancedPeerAckPoint = peerCumulativeAck;
        this.nextRequestSeq = localInitialTsn;
        this.outboundStreams = config.streams();
        this.inboundStreams = config.streams();
    }

    // ------------------------------------------------------------------ public API

    /** Sends INIT. In WebRTC both sides call this; the collision is resolved by the handshake (RFC 9260 5.2). */
    public void start() {
        if (state != SctpState.CLOSED || terminated) {
            return;
        }
        long now = clock.getAsLong();
        state = SctpState.COOKIE_WAIT;
        t1Retries = 0;
        sendInit(now);
    }

    /** One inbound SCTP packet (a DTLS application data record). The bytes are not kept after the call. */
    public void onPacket(byte[] buf, int off, int len) {
        if (terminated) {
            packetsDropped++;
            return;
        }
        long now = clock.getAsLong();
        if (!reader.wrap(buf, off, len)
                || reader.destinationPort() != config.localPort() || reader.sourcePort() != config.remotePort()) {
            packetsDropped++;
            return;
        }
        int stored = SctpChecksum.stored(buf, off);
        if (!(stored == 0 && config.zeroChecksumAcceptable()) && stored != checksum.compute(buf, off, len)) {
            packetsDropped++;
            return;
        }
        int firstType = reader.chunkType(0);
        int vtag = reader.verificationTag();
        if (firstType == Chunks.INIT) {
            if (vtag != 0 || reader.chunkCount() != 1) {
                packetsDropped++;
                return;
            }
            packetsReceived++;
            handleInit(now);
            return;
        }
        boolean reflected = (firstType == Chunks.ABORT || firstType == Chunks.SHUTDOWN_COMPLETE)
                && (reader.chunkFlags(0) & Chunks.FLAG_T) != 0;
        if (reflected ? (peerTag == 0 || vtag != peerTag) : vtag != localTag) {
            packetsDropped++;
            return;
        }
        packetsReceived++;
        boolean hadData = false;
        processing = true;
        try {
            for (int i = 0; i < reader.chunkCount() && !terminated; i++) {
                int type = reader.chunkType(i);
                if (type == Chunks.DATA) {
                    if (acceptsData()) {
                        hadData = true;
                        handleData(i);
                    }
                } else if (!handleControl(i, type, now)) {
                    break;
                }
            }
            if (deferredResetLastTsn >= 0 && received.cumulative() >= deferredResetLastTsn && !terminated) {
                deferredResetLastTsn = -1;
                performIncomingReset(deferredResetSeq, deferredResetStreams);
            }
            if (hadData && !terminated) {
                dataPacketsSinceSack++;
                if (dataPacketsSinceSack >= 2 || state == SctpState.SHUTDOWN_SENT) {
                    sackNow = true;
                } else if (!sackNow && sackDeadline == NONE) {
                    sackDeadline = now + config.delayedAck().toNanos();
                }
            }
        } finally {
            processing = false;
        }
        flush(now);
    }

    /** Runs the timers due at {@code nowNanos} (same clock as the constructor's) and sends what they produce. */
    public void tick(long nowNanos) {
        if (terminated) {
            return;
        }
        processing = true;
        try {
            if (nowNanos >= t1Deadline) {
                onT1Expired(nowNanos);
            }
            if (!terminated && nowNanos >= t3Deadline) {
                onT3Expired(nowNanos);
            }
            if (!terminated && nowNanos >= t2Deadline) {
                onT2Expired(nowNanos);
            }
            if (nowNanos >= sackDeadline) {
                sackNow = true;
                sackDeadline = NONE;
            }
            if (!terminated && nowNanos >= heartbeatDeadline) {
                onHeartbeatTimer(nowNanos);
            }
            if (nowNanos >= reconfigDeadline) {
                reconfigDeadline = NONE;
                resetRequestDue = resetInFlight != null;
            }
        } finally {
            processing = false;
        }
        flush(nowNanos);
    }

    /** When {@link #tick} must next be called, or {@link Long#MAX_VALUE} if no timer runs. */
    public long nextTimeoutNanos() {
        if (terminated) {
            return NONE;
        }
        return Math.min(Math.min(Math.min(t1Deadline, t2Deadline), Math.min(t3Deadline, sackDeadline)),
                Math.min(heartbeatDeadline, reconfigDeadline));
    }

    /**
     * Queues one message. The association keeps {@code data} (do not modify it afterwards). Messages queued before
     * the handshake completes are sent once it does.
     *
     * @param unordered          deliver without waiting for earlier messages of the stream
     * @param maxRetransmits     retransmissions before giving up (partial reliability), or -1 for reliable
     * @param maxLifetimeMillis  give up after this long unacknowledged (partial reliability), or -1 for reliable
     * @throws IllegalArgumentException if {@code data} is empty (SCTP cannot carry an empty message)
     */
    public SendResult send(int streamId, int ppid, byte[] data, boolean unordered, int maxRetransmits,
                           long maxLifetimeMillis) {
        if (data.length == 0) {
            throw new IllegalArgumentException("SCTP messages cannot be empty");
        }
        if (terminated || state.compareTo(SctpState.ESTABLISHED) > 0) {
            return SendResult.CLOSED;
        }
        if (streamId < 0 || streamId >= outboundStreams) {
            return SendResult.BAD_STREAM;
        }
        long limit = config.remoteMaxMessageSize();
        if (limit > 0 && data.length > limit) {
            return SendResult.TOO_LARGE;
        }
        OutboundStream s = outStreams.computeIfAbsent(streamId, k -> new OutboundStream());
        if (s.resetting) {
            return SendResult.BAD_STREAM;
        }
        if (bufferedBytes + data.length > config.sendBufferBytes()) {
            messagesDropped++;
            bytesDropped += data.length;
            return SendResult.BUFFER_FULL;
        }
        long now = clock.getAsLong();
        long expiry = maxLifetimeMillis >= 0 ? now + maxLifetimeMillis * 1_000_000L : NONE;
        unsent.addLast(new OutboundMessage(s, streamId, ppid, data, unordered, maxRetransmits, expiry));
        bufferedBytes += data.length;
        s.bufferedBytes += data.length;
        if (!processing) {
            flush(now);
        }
        return SendResult.QUEUED;
    }

    /**
     * Resets outgoing streams (RFC 6525), as closing a data channel requires. The request goes out once the
     * streams' queued messages have been sent; {@link SctpListener#onOutgoingStreamsReset} reports completion.
     * Sending on a stream being reset fails with {@link SendResult#BAD_STREAM}.
     *
     * @return false if the association is not established or the peer does not support stream reset
     */
    public boolean resetStreams(int... streamIds) {
        if (terminated || state != SctpState.ESTABLISHED || !peerReconfig) {
            return false;
        }
        for (int id : streamIds) {
            if (id >= 0 && id < outboundStreams) {
                outStreams.computeIfAbsent(id, k -> new OutboundStream()).resetting = true;
                resetPending.add(id);
            }
        }
        if (!processing) {
            flush(clock.getAsLong());
        }
        return true;
    }

    /** Graceful close: sends what is queued, then SHUTDOWN. {@link SctpListener#onClosed} follows. */
    public void shutdown() {
        if (terminated) {
            return;
        }
        if (state == SctpState.ESTABLISHED) {
            state = SctpState.SHUTDOWN_PENDING;
            if (!processing) {
                flush(clock.getAsLong());
            }
        } else if (state.compareTo(SctpState.ESTABLISHED) < 0) {
            abort("shutdown before the association was established");
        }
    }

    /** Sends ABORT (if the peer is known) and ends the association at once. */
    public void abort(String reason) {
        if (terminated) {
            return;
        }
        sendAbort(Chunks.CAUSE_USER_INITIATED_ABORT, reason);
        terminate(CloseCause.LOCAL_ABORT, reason);
    }

    public SctpState state() {
        return state;
    }

    /** Payload bytes of this stream queued or not yet acknowledged. */
    public long bufferedAmount(int streamId) {
        OutboundStream s = outStreams.get(streamId);
        return s == null ? 0 : s.bufferedBytes;
    }

    /** Payload bytes of all streams queued or not yet acknowledged (bounded by the send buffer). */
    public long bufferedAmount() {
        return bufferedBytes;
    }

    /** Outgoing streams usable (negotiated once established). */
    public int outboundStreams() {
        return outboundStreams;
    }

    public int inboundStreams() {
        return inboundStreams;
    }

    /** Whether the peer accepts FORWARD TSN, i.e. partially reliable channels really give up. */
    public boolean peerSupportsPartialReliability() {
        return peerForwardTsn;
    }

    public SctpConfig config() {
        return config;
    }

    public SctpStats stats() {
        return new SctpStats(packetsReceived, packetsDropped, packetsSent, messagesSent, messagesReceived,
                messagesDropped, bytesDropped, messagesAbandoned, chunksRetransmitted, fastRetransmits, timeouts,
                dataChunksDropped, initsIgnored, bufferedBytes, reassembly.bufferedBytes(), flightSize, cwnd, rto.rto() / 1_000_000L);
    }

    // ------------------------------------------------------------------ handshake

    private void sendInit(long now) {
        builder.begin(config.localPort(), config.remotePort(), 0);
        writeInitChunk(Chunks.INIT, now);
        transmit(false);
        t1Deadline = now + t1Timeout();
    }

    private long t1Timeout() {
        long base = config.rtoInitial().toNanos();
        return Math.min(config.rtoMax().toNanos(), base << Math.min(t1Retries, 20));
    }

    private void writeInitChunk(int type, long now) {
        builder.beginChunk(type, 0);
        builder.put32(localTag);
        builder.put32((int) advertisedWindow());
        builder.put16(config.streams());
        builder.put16(config.streams());
        builder.put32(localInitialTsn);
        if (type == Chunks.INIT_ACK) {
            builder.put16(Chunks.PARAM_STATE_COOKIE);
            builder.put16(4 + StateCookie.LENGTH);
            cookie.write(builder.buf, builder.pos, now);
            builder.pos += StateCookie.LENGTH;
        }
        builder.put16(Chunks.PARAM_SUPPORTED_EXTENSIONS);
        builder.put16(6);
        builder.put8(Chunks.RE_CONFIG);
        builder.put8(Chunks.FORWARD_TSN);
        builder.put16(0);
        builder.put16(Chunks.PARAM_FORWARD_TSN_SUPPORTED);
        builder.put16(4);
        if (config.zeroChecksumAcceptable()) {
            builder.put16(Chunks.PARAM_ZERO_CHECKSUM);
            builder.put16(8);
            builder.put32(Chunks.ZERO_CHECKSUM_METHOD_DTLS);
        }
        builder.endChunk();
    }

    /** Reads INIT / INIT ACK fields into the init* scratch fields; false if malformed. */
    private boolean parseInit(int i) {
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        int length = reader.chunkLength(i);
        if (length < 20) {
            return false;
        }
        initTag = Chunks.i32(b, p);
        initArwnd = Chunks.u32(b, p + 4);
        initOutbound = Chunks.u16(b, p + 8);
        initInbound = Chunks.u16(b, p + 10);
        initTsn = Chunks.i32(b, p + 12);
        initFeatures = 0;
        initCookieOffset = -1;
        initCookieLength = 0;
        if (initTag == 0 || initOutbound == 0 || initInbound == 0) {
            return false;
        }
        int q = p + 16;
        int end = p + length - 4;
        while (end - q >= 4) {
            int type = Chunks.u16(b, q);
            int plen = Chunks.u16(b, q + 2);
            if (plen < 4 || plen > end - q) {
                return false;
            }
            switch (type) {
                case Chunks.PARAM_STATE_COOKIE -> {
                    initCookieOffset = q + 4;
                    initCookieLength = plen - 4;
                }
                case Chunks.PARAM_FORWARD_TSN_SUPPORTED -> initFeatures |= StateCookie.FEATURE_FORWARD_TSN;
                case Chunks.PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int k = q + 4; k < q + plen; k++) {
                        int chunkType = b[k] & 0xFF;
                        if (chunkType == Chunks.FORWARD_TSN) {
                            initFeatures |= StateCookie.FEATURE_FORWARD_TSN;
                        } else if (chunkType == Chunks.RE_CONFIG) {
                            initFeatures |= StateCookie.FEATURE_RECONFIG;
                        }
                    }
                }
                case Chunks.PARAM_ZERO_CHECKSUM -> {
                    if (plen >= 8 && Chunks.i32(b, q + 4) == Chunks.ZERO_CHECKSUM_METHOD_DTLS) {
                        initFeatures |= StateCookie.FEATURE_ZERO_CHECKSUM;
                    }
                }
                default -> {
                    // Other parameters (addresses, ECN, host names...) mean nothing over DTLS.
                }
            }
            q += Chunks.padded(plen);
        }
        return true;
    }

    private void handleInit(long now) {
        if (!parseInit(0)) {
            packetsDropped++;
            return;
        }
        boolean answering = state == SctpState.COOKIE_WAIT || state == SctpState.COOKIE_ECHOED
                || state == SctpState.CLOSED;
        if (!answering) {
            // Restarting an established association is not supported over one DTLS connection.
            initsIgnored++;
            return;
        }
        if (now - initWindowStart >= 1_000_000_000L || initWindowStart == Long.MIN_VALUE) {
            initWindowStart = now;
            initAcksInWindow = 0;
        }
        if (++initAcksInWindow > config.maxInitAcksPerSecond()) {
            initsIgnored++;
            return;
        }
        // Answer with the same tag and TSN as our own INIT (RFC 9260 5.2.1); all peer state goes in the cookie.
        cookie.localTag = localTag;
        cookie.peerTag = initTag;
        cookie.peerInitialTsn = initTsn;
        cookie.peerArwnd = initArwnd;
        cookie.peerOutboundStreams = initOutbound;
        cookie.peerInboundStreams = initInbound;
        cookie.features = initFeatures;
        builder.begin(config.localPort(), config.remotePort(), initTag);
        writeInitChunk(Chunks.INIT_ACK, now);
        transmit(false);
    }

    private void handleInitAck(int i, long now) {
        if (state != SctpState.COOKIE_WAIT) {
            return;
        }
        if (!parseInit(i) || initCookieOffset < 0 || initCookieLength == 0 || initCookieLength > maxCookie) {
            packetsDropped++;
            return;
        }
        applyPeer(initTag, initArwnd, initOutbound, initInbound, initTsn, initFeatures);
        peerCookie = Arrays.copyOfRange(reader.buffer(), initCookieOffset, initCookieOffset + initCookieLength);
        state = SctpState.COOKIE_ECHOED;
        t1Retries = 0;
        sendCookieEcho(now);
    }

    private void sendCookieEcho(long now) {
        builder.begin(config.localPort(), config.remotePort(), peerTag);
        builder.beginChunk(Chunks.COOKIE_ECHO, 0);
        builder.put(peerCookie, 0, peerCookie.length);
        builder.endChunk();
        transmit(false);
        t1Deadline = now + t1Timeout();
    }

    private void handleCookieEcho(int i, long now) {
        int p = reader.chunkValue(i);
        if (!cookie.read(reader.buffer(), p, reader.chunkLength(i) - 4, now) || cookie.localTag != localTag) {
            packetsDropped++;
            return;
        }
        if (state.compareTo(SctpState.ESTABLISHED) < 0) {
            applyPeer(cookie.peerTag, cookie.peerArwnd, cookie.peerOutboundStreams, cookie.peerInboundStreams,
                    cookie.peerInitialTsn, cookie.features);
            cookieAckDue = true;
            establish(now);
        } else if (cookie.peerTag == peerTag) {
            // Our COOKIE ACK was lost: the peer echoes again.
            cookieAckDue = true;
        } else {
            packetsDropped++;
        }
    }

    private void applyPeer(int tag, long arwnd, int peerOutbound, int peerInbound, int initialTsn, int features) {
        peerTag = tag;
        peerRwnd = arwnd;
        ssthresh = arwnd;
        outboundStreams = Math.min(config.streams(), peerInbound);
        inboundStreams = Math.min(config.streams(), peerOutbound);
        received.reset((initialTsn & 0xFFFF_FFFFL) - 1);
        peerNextRequestSeq = initialTsn;
        peerForwardTsn = (features & StateCookie.FEATURE_FORWARD_TSN) != 0;
        peerReconfig = (features & StateCookie.FEATURE_RECONFIG) != 0;
        peerZeroChecksum = (features & StateCookie.FEATURE_ZERO_CHECKSUM) != 0;
    }

    private void establish(long now) {
        state = SctpState.ESTABLISHED;
        t1Deadline = NONE;
        peerCookie = null;
        int mtu = config.maxPacketSize();
        cwnd = Math.min(4L * mtu, Math.max(2L * mtu, 4380));
        heartbeatDeadline = now + config.heartbeatInterval().toNanos();
        try {
            listener.onEstablished();
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onEstablished", e);
        }
    }

    private void onT1Expired(long now) {
        timeouts++;
        if (++t1Retries > config.maxInitRetransmissions()) {
            t1Deadline = NONE;
            sendAbort(Chunks.CAUSE_USER_INITIATED_ABORT, "association setup timed out");
            terminate(CloseCause.TIMEOUT, "no answer to INIT / COOKIE ECHO");
            return;
        }
        if (state == SctpState.COOKIE_WAIT) {
            sendInit(now);
        } else if (state == SctpState.COOKIE_ECHOED) {
            sendCookieEcho(now);
        } else {
            t1Deadline = NONE;
        }
    }

    // ------------------------------------------------------------------ chunk dispatch

    /** @return false to stop processing the rest of the packet */
    private boolean handleControl(int i, int type, long now) {
        switch (type) {
            case Chunks.INIT -> {
                return false; // INIT must be alone in its packet
            }
            case Chunks.INIT_ACK -> handleInitAck(i, now);
            case Chunks.COOKIE_ECHO -> handleCookieEcho(i, now);
            case Chunks.COOKIE_ACK -> {
                if (state == SctpState.COOKIE_ECHOED) {
                    establish(now);
                }
            }
            case Chunks.SACK -> handleSack(i, now);
            case Chunks.FORWARD_TSN -> handleForwardTsn(i);
            case Chunks.RE_CONFIG -> handleReconfig(i, now);
            case Chunks.HEARTBEAT -> handleHeartbeat(i);
            case Chunks.HEARTBEAT_ACK -> handleHeartbeatAck(i, now);
            case Chunks.ABORT -> terminate(CloseCause.PEER_ABORT, abortReason(i));
            case Chunks.SHUTDOWN -> handleShutdown(i, now);
            case Chunks.SHUTDOWN_ACK -> handleShutdownAck();
            case Chunks.SHUTDOWN_COMPLETE -> {
                if (state == SctpState.SHUTDOWN_ACK_SENT) {
                    terminate(CloseCause.SHUTDOWN, "shutdown complete");
                }
            }
            case Chunks.ERROR -> LOG.debug("SCTP peer reported an error ({} bytes)", reader.chunkLength(i));
            default -> {
                // RFC 9260 3.2: the two high bits say whether to skip the unknown chunk or the rest of the packet.
                return (type & 0x80) != 0;
            }
        }
        return true;
    }

    private boolean acceptsData() {
        return state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                || state == SctpState.SHUTDOWN_SENT;
    }

    // ------------------------------------------------------------------ receiving data

    private void handleData(int i) {
        int length = reader.chunkLength(i);
        if (length < Chunks.DATA_HEADER) {
            protocolViolation("DATA chunk too short");
            return;
        }
        int dataLength = length - Chunks.DATA_HEADER;
        if (dataLength == 0) {
            protocolViolation("DATA chunk without user data");
            return;
        }
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        int wireTsn = Chunks.i32(b, p);
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
        int stream = Chunks.u16(b, p + 4);
        if (stream >= inboundStreams) {
            // RFC 9260 6.5: acknowledge and discard data for a stream that does not exist.
            received.add(tsn);
            dataChunksDropped++;
            return;
        }
        long held = reassembly.bufferedBytes();
        if (held + dataLength > config.receiveBufferBytes()) {
            // Beyond the window only the next expected TSN gets in, so a full buffer can always drain.
            long hardLimit = (long) config.receiveBufferBytes() + config.maxInboundMessageSize() + config.maxPacketSize();
            if (tsn != received.cumulative() + 1 || held + dataLength > hardLimit) {
                dataChunksDropped++;
                sackNow = true;
                return;
            }
        }
        received.add(tsn);
        if (received.cumulative() < received.highest()) {
            sackNow = true;
        }
        reassembly.add(tsn, stream, Chunks.u16(b, p + 6), Chunks.i32(b, p + 8), reader.chunkFlags(i), b,
                p + 12, dataLength);
    }

    private long advertisedWindow() {
        return Math.max(0, config.receiveBufferBytes() - reassembly.bufferedBytes());
    }

    private void handleForwardTsn(int i) {
        if (!acceptsData()) {
            return;
        }
        int length = reader.chunkLength(i);
        if (length < 8) {
            return;
        }
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        long newCumulative = received.unwrap(Chunks.i32(b, p));
        sackNow = true;
        if (newCumulative <= received.cumulative()) {
            return;
        }
        if (newCumulative - received.cumulative() > ReceivedTsns.WINDOW) {
            // The peer cannot have sent that much unacknowledged data within our window: ignore the claim.
            dataChunksDropped++;
            return;
        }
        int count = Math.min((length - 8) / 4, skipStreams.length);
        for (int k = 0; k < count; k++) {
            skipStreams[k] = Chunks.u16(b, p + 4 + 4 * k);
            skipSsns[k] = Chunks.u16(b, p + 6 + 4 * k);
        }
        received.forwardTo(newCumulative);
        // Only up to the peer's new point: received fragments beyond it stay, even if the cumulative TSN passes them.
        reassembly.forward(newCumulative, skipStreams, skipSsns, count);
    }

    // ------------------------------------------------------------------ acknowledgements

    private void handleSack(int i, long now) {
        if (state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        int length = reader.chunkLength(i);
        if (length < 16) {
            return;
        }
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        long cumulative = peerCumulativeAck + (Chunks.i32(b, p) - (int) peerCumulativeAck);
        long arwnd = Chunks.u32(b, p + 4);
        int gaps = Chunks.u16(b, p + 8);
        int dups = Chunks.u16(b, p + 10);
        if (16 + 4L * gaps + 4L * dups > length || cumulative < peerCumulativeAck || cumulative >= nextTsn) {
            return;
        }
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
        for (int g = 0; g < gaps; g++) {
            int start = Chunks.u16(b, p + 12 + 4 * g);
            int end = Chunks.u16(b, p + 14 + 4 * g);
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
            rto.sample(now - rttFrom);
        }
        if (advanced) {
            errorCount = 0;
        }
        markMissing(highestNewlyAcked);
        if (fastRecovery && cumulative >= fastRecoveryExit) {
            fastRecovery = false;
        }
        if (advanced && !fastRecovery) {
            growWindow(ackedBytes, flightBefore);
        }
        peerRwnd = Math.max(0, arwnd - flightSize);
        if (outstanding.isEmpty()) {
            t3Deadline = NONE;
        } else if (advanced) {
            t3Deadline = now + rto.rto();
        }
        advanceAckPoint();
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
            if (!fastRecovery) {
                int mtu = config.maxPacketSize();
                ssthresh = Math.max(cwnd / 2, 4L * mtu);
                cwnd = ssthresh;
                partialBytesAcked = 0;
                fastRecovery = true;
                fastRecoveryExit = nextTsn - 1;
            }
        }
    }

    /** RFC 9260 7.2.1 / 7.2.2: slow start and congestion avoidance, only while the window was in use. */
    private void growWindow(long ackedBytes, long flightBefore) {
        int mtu = config.maxPacketSize();
        boolean windowFull = flightBefore + mtu >= cwnd;
        if (cwnd <= ssthresh) {
            if (windowFull) {
                cwnd += Math.min(ackedBytes, mtu);
            }
        } else {
            partialBytesAcked += ackedBytes;
            if (partialBytesAcked >= cwnd && windowFull) {
                partialBytesAcked -= cwnd;
                cwnd += mtu;
            }
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

    private void onT3Expired(long now) {
        timeouts++;
        if (outstanding.isEmpty()) {
            t3Deadline = NONE;
            return;
        }
        if (++errorCount > config.maxRetransmissions()) {
            sendAbort(Chunks.CAUSE_USER_INITIATED_ABORT, "retransmission limit reached");
            terminate(CloseCause.TIMEOUT, "peer stopped acknowledging data");
            return;
        }
        int mtu = config.maxPacketSize();
        ssthresh = Math.max(cwnd / 2, 4L * mtu);
        cwnd = mtu;
        partialBytesAcked = 0;
        fastRecovery = false;
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
        t3Deadline = now + rto.rto();
    }

    // ------------------------------------------------------------------ partial reliability

    private boolean expired(OutboundMessage m, SentChunk c, long now) {
        return peerForwardTsn && m.partiallyReliable()
                && ((m.maxRetransmits >= 0 && c != null && c.transmissions > m.maxRetransmits)
                || now >= m.expiresAtNanos);
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

    private void writeForwardTsn() {
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
        ensureRoom(8 + 4 * pairs);
        builder.beginChunk(Chunks.FORWARD_TSN, 0);
        builder.put32((int) advancedPeerAckPoint);
        for (int j = 0; j < pairs; j++) {
            builder.put16(skipStreams[j]);
            builder.put16(skipSsns[j]);
        }
        builder.endChunk();
        forwardTsnDue = false;
    }

    // ------------------------------------------------------------------ sending

    private void flush(long now) {
        if (terminated || state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        builder.begin(config.localPort(), config.remotePort(), peerTag);
        if (cookieAckDue) {
            builder.beginChunk(Chunks.COOKIE_ACK, 0);
            builder.endChunk();
            cookieAckDue = false;
        }
        if (sackNow) {
            writeSack();
            if (state == SctpState.SHUTDOWN_SENT) {
                writeShutdown();
            }
        }
        if (heartbeatAckLength > 0) {
            ensureRoom(4 + heartbeatAckLength);
            builder.beginChunk(Chunks.HEARTBEAT_ACK, 0);
            builder.put(heartbeatAck, 0, heartbeatAckLength);
            builder.endChunk();
            heartbeatAckLength = 0;
        }
        if (heartbeatDue) {
            writeHeartbeat(now);
        }
        advanceAckPoint();
        if (forwardTsnDue && advancedPeerAckPoint > peerCumulativeAck) {
            writeForwardTsn();
        }
        writeReconfig(now);
        if (state != SctpState.SHUTDOWN_ACK_SENT) {
            sendRetransmissions(now);
            if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                    || state == SctpState.SHUTDOWN_RECEIVED) {
                sendNewData(now);
            }
        }
        if (!builder.isEmpty()) {
            transmit(zeroChecksumAllowed());
        }
        if (!outstanding.isEmpty() && t3Deadline == NONE) {
            t3Deadline = now + rto.rto();
        }
        progressShutdown(now);
    }

    private boolean zeroChecksumAllowed() {
        return config.zeroChecksumAcceptable() && peerZeroChecksum;
    }

    private void ensureRoom(int bytes) {
        if (builder.remaining() < bytes && !builder.isEmpty()) {
            transmit(zeroChecksumAllowed());
            builder.begin(config.localPort(), config.remotePort(), peerTag);
        }
    }

    private void transmit(boolean zeroChecksum) {
        int length = builder.finish(checksum, zeroChecksum);
        packetsSent++;
        sink.sendPacket(builder.buf, 0, length);
    }

    private void writeSack() {
        int gaps = received.gapBlocks(gapStarts, gapEnds);
        ensureRoom(16 + 4 * gaps + 4 * duplicateCount);
        builder.beginChunk(Chunks.SACK, 0);
        builder.put32((int) received.cumulative());
        builder.put32((int) advertisedWindow());
        builder.put16(gaps);
        builder.put16(duplicateCount);
        for (int g = 0; g < gaps; g++) {
            builder.put16(gapStarts[g]);
            builder.put16(gapEnds[g]);
        }
        for (int d = 0; d < duplicateCount; d++) {
            builder.put32(duplicates[d]);
        }
        builder.endChunk();
        duplicateCount = 0;
        sackNow = false;
        dataPacketsSinceSack = 0;
        sackDeadline = NONE;
    }

    private void sendRetransmissions(long now) {
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
            if (expired(c.message, c, now)) {
                abandon(c.message);
                continue;
            }
            if (!ignoreWindow && flightSize >= cwnd) {
                break;
            }
            int need = Chunks.DATA_HEADER + Chunks.padded(c.length);
            if (builder.remaining() < need) {
                ensureRoom(need);
                if (ignoreWindow) {
                    ignoreWindow = false;
                    if (flightSize >= cwnd) {
                        break;
                    }
                }
            }
            c.retransmit = false;
            retransmitCount--;
            c.transmissions++;
            chunksRetransmitted++;
            writeData(c, now);
        }
    }

    private void sendNewData(long now) {
        while (!unsent.isEmpty()) {
            OutboundMessage m = unsent.peekFirst();
            if (m.sentOffset == 0 && expired(m, null, now)) {
                unsent.pollFirst();
                m.abandoned = true;
                messagesAbandoned++;
                release(m);
                continue;
            }
            if (flightSize >= cwnd) {
                return;
            }
            int remainingBytes = m.data.length - m.sentOffset;
            if (flightSize > 0 && peerRwnd < Math.min(remainingBytes, maxChunkPayload)) {
                return;
            }
            int room = (builder.remaining() - Chunks.DATA_HEADER) & ~3;
            int length;
            if (remainingBytes <= room) {
                length = remainingBytes;
            } else if (remainingBytes > maxChunkPayload && room >= 256) {
                length = room;
            } else {
                ensureRoom(builder.remaining() + 1);
                continue;
            }
            if (m.sentOffset == 0 && !m.unordered) {
                m.ssn = m.owner.nextSsn;
                m.owner.nextSsn = (m.owner.nextSsn + 1) & 0xFFFF;
            }
            int flags = (m.sentOffset == 0 ? Chunks.FLAG_BEGIN : 0)
                    | (m.sentOffset + length == m.data.length ? Chunks.FLAG_END : 0)
                    | (m.unordered ? Chunks.FLAG_UNORDERED : 0);
            SentChunk c = new SentChunk(nextTsn++, m, m.sentOffset, length, flags);
            c.transmissions = 1;
            outstanding.add(c);
            m.sentOffset += length;
            writeData(c, now);
            if (m.sentOffset == m.data.length) {
                unsent.pollFirst();
            }
        }
    }

    private void writeData(SentChunk c, long now) {
        OutboundMessage m = c.message;
        builder.beginChunk(Chunks.DATA, c.flags);
        builder.put32((int) c.tsn);
        builder.put16(m.stream);
        builder.put16(m.unordered ? 0 : m.ssn);
        builder.put32(m.ppid);
        builder.put(m.data, c.offset, c.length);
        builder.endChunk();
        c.inFlight = true;
        c.sentAtNanos = now;
        c.missIndications = 0;
        flightSize += c.length;
        peerRwnd = Math.max(0, peerRwnd - c.length);
    }

    // ------------------------------------------------------------------ heartbeat

    private void onHeartbeatTimer(long now) {
        if (state != SctpState.ESTABLISHED) {
            heartbeatDeadline = NONE;
            return;
        }
        if (heartbeatOutstanding && ++errorCount > config.maxRetransmissions()) {
            sendAbort(Chunks.CAUSE_USER_INITIATED_ABORT, "heartbeats unanswered");
            terminate(CloseCause.TIMEOUT, "peer stopped answering heartbeats");
            return;
        }
        heartbeatDue = true;
        heartbeatDeadline = now + config.heartbeatInterval().toNanos() + rto.rto();
    }

    private void writeHeartbeat(long now) {
        heartbeatNonce = RANDOM.nextLong();
        ensureRoom(24);
        builder.beginChunk(Chunks.HEARTBEAT, 0);
        builder.put16(Chunks.PARAM_HEARTBEAT_INFO);
        builder.put16(20);
        builder.put32((int) (heartbeatNonce >>> 32));
        builder.put32((int) heartbeatNonce);
        builder.put32((int) (now >>> 32));
        builder.put32((int) now);
        builder.endChunk();
        heartbeatDue = false;
        heartbeatOutstanding = true;
    }

    private void handleHeartbeat(int i) {
        int valueLength = reader.chunkLength(i) - 4;
        if (valueLength < 4 || valueLength > heartbeatAck.length - Chunks.COMMON_HEADER - 4
                || state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        System.arraycopy(reader.buffer(), reader.chunkValue(i), heartbeatAck, 0, valueLength);
        heartbeatAckLength = valueLength;
    }

    private void handleHeartbeatAck(int i, long now) {
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        if (reader.chunkLength(i) < 24 || Chunks.u16(b, p) != Chunks.PARAM_HEARTBEAT_INFO
                || Chunks.u16(b, p + 2) != 20 || !heartbeatOutstanding) {
            return;
        }
        long nonce = (Chunks.u32(b, p + 4) << 32) | Chunks.u32(b, p + 8);
        if (nonce != heartbeatNonce) {
            return;
        }
        long sentAt = (Chunks.u32(b, p + 12) << 32) | Chunks.u32(b, p + 16);
        heartbeatOutstanding = false;
        errorCount = 0;
        rto.sample(now - sentAt);
    }

    // ------------------------------------------------------------------ stream reset (RFC 6525)

    private void handleReconfig(int i, long now) {
        if (state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        int end = p + reader.chunkLength(i) - 4;
        while (end - p >= 4) {
            int type = Chunks.u16(b, p);
            int plen = Chunks.u16(b, p + 2);
            if (plen < 4 || plen > end - p) {
                return;
            }
            if (type == Chunks.PARAM_OUTGOING_RESET_REQUEST && plen >= 16) {
                handleResetRequest(Chunks.i32(b, p + 4), Chunks.i32(b, p + 12), b, p + 16, (plen - 16) / 2);
            } else if (type == Chunks.PARAM_RECONFIG_RESPONSE && plen >= 12) {
                handleResetResponse(Chunks.i32(b, p + 4), Chunks.i32(b, p + 8), now);
            } else if (type >= 14 && type <= 18 && plen >= 8) {
                // Incoming / SSN-TSN reset and add-streams requests: WebRTC does not use them.
                queueResponse(Chunks.i32(b, p + 4), Chunks.RESULT_DENIED);
            }
            p += Chunks.padded(plen);
        }
    }

    private void handleResetRequest(int seq, int lastTsnWire, byte[] b, int streamsOffset, int count) {
        if (seq == peerNextRequestSeq) {
            int[] ids = new int[count];
            int n = 0;
            for (int k = 0; k < count; k++) {
                int id = Chunks.u16(b, streamsOffset + 2 * k);
                if (id < inboundStreams) {
                    ids[n++] = id;
                }
            }
            ids = Arrays.copyOf(ids, n);
            long lastTsn = received.unwrap(lastTsnWire);
            if (lastTsn <= received.cumulative()) {
                performIncomingReset(seq, ids);
            } else {
                // Data sent before the reset is still missing: answer "in progress" now and "performed" once it
                // arrived (RFC 6525 5.2.2); a peer that retries the request gets the same answers.
                deferredResetSeq = seq;
                deferredResetLastTsn = lastTsn;
                deferredResetStreams = ids;
                queueResponse(seq, Chunks.RESULT_IN_PROGRESS);
            }
        } else if (seq == peerNextRequestSeq - 1) {
            queueResponse(seq, lastResponseResult);
        } else {
            queueResponse(seq, Chunks.RESULT_BAD_SEQUENCE);
        }
    }

    private void performIncomingReset(int seq, int[] ids) {
        for (int id : ids) {
            reassembly.resetStream(id);
        }
        peerNextRequestSeq++;
        lastResponseResult = Chunks.RESULT_PERFORMED;
        queueResponse(seq, Chunks.RESULT_PERFORMED);
        try {
            listener.onIncomingStreamsReset(ids);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onIncomingStreamsReset", e);
        }
    }

    private void queueResponse(int seq, int result) {
        responseDue = true;
        responseSeq = seq;
        responseResult = result;
    }

    private void handleResetResponse(int seq, int result, long now) {
        if (resetInFlight == null || seq != nextRequestSeq) {
            return;
        }
        if (result == Chunks.RESULT_IN_PROGRESS) {
            reconfigDeadline = now + rto.rto();
            return;
        }
        int[] ids = resetInFlight;
        resetInFlight = null;
        reconfigDeadline = NONE;
        nextRequestSeq++;
        if (result != Chunks.RESULT_PERFORMED && result != Chunks.RESULT_NOTHING_TO_DO) {
            LOG.debug("SCTP peer refused stream reset with result {}", result);
        }
        for (int id : ids) {
            // The next message on this id starts a new stream at SSN 0.
            outStreams.remove(id);
        }
        try {
            listener.onOutgoingStreamsReset(ids);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onOutgoingStreamsReset", e);
        }
    }

    private void writeReconfig(long now) {
        if (resetInFlight == null && !resetPending.isEmpty()) {
            Set<Integer> busy = new HashSet<>();
            for (OutboundMessage m : unsent) {
                busy.add(m.stream);
            }
            int[] ids = new int[Math.min(resetPending.size(), maxResetStreams)];
            int n = 0;
            for (var it = resetPending.iterator(); it.hasNext() && n < ids.length; ) {
                int id = it.next();
                if (!busy.contains(id)) {
                    ids[n++] = id;
                    it.remove();
                }
            }
            if (n > 0) {
                resetInFlight = Arrays.copyOf(ids, n);
                resetRequestDue = true;
            }
        }
        if (!resetRequestDue && !responseDue) {
            return;
        }
        int requestLength = resetRequestDue ? Chunks.padded(16 + 2 * resetInFlight.length) : 0;
        ensureRoom(4 + requestLength + (responseDue ? 12 : 0));
        builder.beginChunk(Chunks.RE_CONFIG, 0);
        if (resetRequestDue) {
            builder.put16(Chunks.PARAM_OUTGOING_RESET_REQUEST);
            builder.put16(16 + 2 * resetInFlight.length);
            builder.put32(nextRequestSeq);
            builder.put32(peerNextRequestSeq - 1);
            builder.put32((int) (nextTsn - 1));
            for (int id : resetInFlight) {
                builder.put16(id);
            }
            if ((resetInFlight.length & 1) != 0) {
                builder.put16(0);
            }
            resetRequestDue = false;
            reconfigDeadline = now + rto.rto();
        }
        if (responseDue) {
            builder.put16(Chunks.PARAM_RECONFIG_RESPONSE);
            builder.put16(12);
            builder.put32(responseSeq);
            builder.put32(responseResult);
            responseDue = false;
        }
        builder.endChunk();
    }

    // ------------------------------------------------------------------ shutdown and abort

    private void handleShutdown(int i, long now) {
        if (reader.chunkLength(i) < 8 || state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        long cumulative = peerCumulativeAck + (Chunks.i32(reader.buffer(), reader.chunkValue(i)) - (int) peerCumulativeAck);
        if (cumulative > peerCumulativeAck && cumulative < nextTsn) {
            while (!outstanding.isEmpty() && outstanding.first().tsn <= cumulative) {
                SentChunk c = outstanding.removeFirst();
                acknowledge(c);
                if (c.end() && !c.message.abandoned) {
                    finish(c.message);
                }
            }
            peerCumulativeAck = cumulative;
            if (outstanding.isEmpty()) {
                t3Deadline = NONE;
            }
        }
        if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_RECEIVED;
        } else if (state == SctpState.SHUTDOWN_SENT) {
            state = SctpState.SHUTDOWN_RECEIVED;
            t2Deadline = NONE;
        }
    }

    private void progressShutdown(long now) {
        if (!unsent.isEmpty() || !outstanding.isEmpty()) {
            return;
        }
        if (state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_SENT;
            t2Retries = 0;
            sendShutdownChunk(Chunks.SHUTDOWN, now);
        } else if (state == SctpState.SHUTDOWN_RECEIVED) {
            state = SctpState.SHUTDOWN_ACK_SENT;
            t2Retries = 0;
            sendShutdownChunk(Chunks.SHUTDOWN_ACK, now);
        }
    }

    private void writeShutdown() {
        ensureRoom(8);
        builder.beginChunk(Chunks.SHUTDOWN, 0);
        builder.put32((int) received.cumulative());
        builder.endChunk();
    }

    private void sendShutdownChunk(int type, long now) {
        builder.begin(config.localPort(), config.remotePort(), peerTag);
        if (type == Chunks.SHUTDOWN) {
            writeShutdown();
        } else {
            builder.beginChunk(type, 0);
            builder.endChunk();
        }
        transmit(zeroChecksumAllowed());
        t2Deadline = now + rto.rto();
    }

    private void onT2Expired(long now) {
        timeouts++;
        if (++t2Retries > config.maxRetransmissions()) {
            sendAbort(Chunks.CAUSE_USER_INITIATED_ABORT, "shutdown timed out");
            terminate(CloseCause.TIMEOUT, "no answer to SHUTDOWN");
            return;
        }
        rto.backOff();
        if (state == SctpState.SHUTDOWN_SENT) {
            sendShutdownChunk(Chunks.SHUTDOWN, now);
        } else if (state == SctpState.SHUTDOWN_ACK_SENT) {
            sendShutdownChunk(Chunks.SHUTDOWN_ACK, now);
        } else {
            t2Deadline = NONE;
        }
    }

    private void handleShutdownAck() {
        if (state == SctpState.SHUTDOWN_SENT || state == SctpState.SHUTDOWN_ACK_SENT) {
            builder.begin(config.localPort(), config.remotePort(), peerTag);
            builder.beginChunk(Chunks.SHUTDOWN_COMPLETE, 0);
            builder.endChunk();
            transmit(zeroChecksumAllowed());
            terminate(CloseCause.SHUTDOWN, "shutdown complete");
        }
    }

    private String abortReason(int i) {
        byte[] b = reader.buffer();
        int p = reader.chunkValue(i);
        int end = p + reader.chunkLength(i) - 4;
        if (end - p >= 4) {
            int code = Chunks.u16(b, p);
            int clen = Math.min(Chunks.u16(b, p + 2), end - p);
            if (clen > 4 && (code == Chunks.CAUSE_USER_INITIATED_ABORT || code == Chunks.CAUSE_PROTOCOL_VIOLATION)) {
                return "cause " + code + ": " + new String(b, p + 4, Math.min(clen - 4, 200), StandardCharsets.UTF_8);
            }
            return "cause " + code;
        }
        return "no cause";
    }

    private void protocolViolation(String detail) {
        if (terminated) {
            return;
        }
        LOG.debug("SCTP protocol violation: {}", detail);
        sendAbort(Chunks.CAUSE_PROTOCOL_VIOLATION, detail);
        terminate(CloseCause.PROTOCOL_VIOLATION, detail);
    }

    private void sendAbort(int cause, String detail) {
        if (peerTag == 0) {
            return;
        }
        byte[] text = detail.getBytes(StandardCharsets.UTF_8);
        int textLength = Math.min(text.length, 128);
        builder.begin(config.localPort(), config.remotePort(), peerTag);
        builder.beginChunk(Chunks.ABORT, 0);
        builder.put16(cause);
        builder.put16(4 + textLength);
        builder.put(text, 0, textLength);
        while ((builder.pos & 3) != 0) {
            builder.put8(0);
        }
        builder.endChunk();
        transmit(false);
    }

    private void terminate(CloseCause cause, String detail) {
        if (terminated) {
            return;
        }
        terminated = true;
        state = SctpState.CLOSED;
        t1Deadline = t2Deadline = t3Deadline = sackDeadline = heartbeatDeadline = reconfigDeadline = NONE;
        unsent.clear();
        while (!outstanding.isEmpty()) {
            outstanding.removeFirst();
        }
        flightSize = 0;
        bufferedBytes = 0;
        outStreams.clear();
        try {
            listener.onClosed(cause, detail);
        } catch (RuntimeException e) {
            LOG.warn("SCTP listener failed in onClosed", e);
        }
    }
}
