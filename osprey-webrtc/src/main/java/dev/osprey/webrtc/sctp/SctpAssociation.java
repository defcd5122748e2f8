package dev.osprey.webrtc.sctp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCTP association (RFC 9260) carried over DTLS (RFC 8261), as WebRTC data channels use it: cookie
 * handshake (either or both sides may initiate), fragmentation and reassembly, ordered and unordered delivery,
 * SACK with gap blocks, retransmission with RTO and fast retransmit, congestion and receiver windows, partial
 * reliability (RFC 3758 FORWARD TSN), stream reset (RFC 6525), HEARTBEAT, SHUTDOWN and ABORT.
 *
 * <p>This class runs the state machine (handshake, shutdown, abort), dispatches inbound chunks and bundles the
 * outbound ones; the rest is delegated: {@link DataSender} (send queue, retransmissions, with
 * {@link CongestionControl}), {@link DataReceiver} (received TSNs, SACKs, with {@link InboundReassembly}),
 * {@link StreamReset}, {@link Heartbeats}, and one reader/writer class per chunk type.
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
    private static final long COOKIE_LIFETIME_NANOS = 60_000_000_000L;
    /** A timer that is not running; also what {@link #nextTimeoutNanos()} returns when none is. */
    static final long NONE = Long.MAX_VALUE;

    private final SctpConfig config;
    private final GuardedListener listener;
    private final LongSupplier clock;
    private final SctpChecksum checksum = new SctpChecksum();
    private final SctpPacketReader reader = new SctpPacketReader();
    private final SctpPacketBuilder packet;
    private final StateCookie cookie;
    private final RtoEstimator rto;
    private final DataSender sender;
    private final DataReceiver receiver;
    private final StreamReset streamReset;
    private final Heartbeats heartbeats;
    /** Peers put whole INIT / INIT ACK copies in their cookies (usrsctp does): allow anything one packet holds. */
    private final int maxCookie;
    private final int localTag;
    private final int localInitialTsn;

    private SctpState state = SctpState.CLOSED;
    private boolean terminated;
    /** Inside {@link #onPacket} or {@link #tick}, which flush at the end: calls made meanwhile do not flush. */
    private boolean processing;
    private int peerTag;
    private boolean peerReconfig;
    private boolean peerZeroChecksum;
    /** Consecutive retransmission timeouts and unanswered heartbeats (RFC 9260 8.1). */
    private int errorCount;

    // Handshake.
    private byte[] peerCookie;
    private long t1Deadline = NONE;
    private int t1Retries;
    private boolean cookieAckDue;
    private long initWindowStart = Long.MIN_VALUE;
    private int initAcksInWindow;

    // Shutdown.
    private long t2Deadline = NONE;
    private int t2Retries;

    private long packetsReceived;
    private long packetsDropped;
    private long messagesReceived;
    private long timeouts;
    private long initsIgnored;

    /**
     * @param nanoClock monotonic time in nanoseconds (e.g. {@code System::nanoTime}), read by {@link #onPacket}
     *                  and the other entry points without an explicit time
     */
    public SctpAssociation(SctpConfig config, SctpPacketSink sink, SctpListener listener, LongSupplier nanoClock) {
        this.config = config;
        this.listener = new GuardedListener(listener);
        this.clock = nanoClock;
        this.packet = new SctpPacketBuilder(config.maxPacketSize(), config.localPort(), config.remotePort(), checksum,
                sink);
        this.maxCookie = config.maxPacketSize() - Chunks.COMMON_HEADER - Chunks.HEADER;
        this.cookie = new StateCookie(RANDOM, COOKIE_LIFETIME_NANOS);
        int tag;
        do {
            tag = RANDOM.nextInt();
        } while (tag == 0);
        this.localTag = tag;
        this.localInitialTsn = RANDOM.nextInt();
        this.rto = new RtoEstimator(config.rtoInitial().toNanos(), config.rtoMin().toNanos(),
                config.rtoMax().toNanos());
        this.sender = new DataSender(config, localInitialTsn, rto);
        this.receiver = new DataReceiver(config, new InboundReassembly.Delivery() {
            @Override
            public void deliver(int streamId, int ppid, byte[] data) {
                messagesReceived++;
                SctpAssociation.this.listener.message(streamId, ppid, data);
            }

            @Override
            public void oversized(long bytes) {
                protocolViolation("message of at least " + bytes + " bytes exceeds " + config.maxInboundMessageSize());
            }
        });
        this.streamReset = new StreamReset(localInitialTsn, config.maxPacketSize(), sender, receiver, rto,
                this.listener);
        this.heartbeats = new Heartbeats(config.heartbeatInterval().toNanos(), config.maxPacketSize(), RANDOM, rto);
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
            handleInit(reader.buffer(), reader.chunkOffset(0), reader.chunkLength(0), now);
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
                        handleData(reader.buffer(), reader.chunkOffset(i), reader.chunkLength(i));
                    }
                } else if (!handleControl(type, reader.buffer(), reader.chunkOffset(i), reader.chunkLength(i), now)) {
                    break;
                }
            }
            if (!terminated) {
                streamReset.afterPacket();
            }
            if (!terminated) {
                receiver.afterPacket(hadData, state == SctpState.SHUTDOWN_SENT, now);
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
            if (!terminated && nowNanos >= sender.deadline()) {
                onT3Expired(nowNanos);
            }
            if (!terminated && nowNanos >= t2Deadline) {
                onT2Expired(nowNanos);
            }
            receiver.tick(nowNanos);
            if (!terminated && nowNanos >= heartbeats.deadline()) {
                onHeartbeatTimer(nowNanos);
            }
            streamReset.tick(nowNanos);
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
        return Math.min(Math.min(Math.min(t1Deadline, t2Deadline), Math.min(sender.deadline(), receiver.deadline())),
                Math.min(heartbeats.deadline(), streamReset.deadline()));
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
        if (streamId < 0 || streamId >= sender.outboundStreams()) {
            return SendResult.BAD_STREAM;
        }
        long limit = config.remoteMaxMessageSize();
        if (limit > 0 && data.length > limit) {
            return SendResult.TOO_LARGE;
        }
        long now = clock.getAsLong();
        long expiry = maxLifetimeMillis >= 0 ? now + maxLifetimeMillis * 1_000_000L : NONE;
        SendResult result = sender.enqueue(streamId, ppid, data, unordered, maxRetransmits, expiry);
        if (result == SendResult.QUEUED && !processing) {
            flush(now);
        }
        return result;
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
            if (id >= 0 && id < sender.outboundStreams()) {
                streamReset.request(id);
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
        sendAbort(AbortChunk.CAUSE_USER_INITIATED_ABORT, reason);
        terminate(CloseCause.LOCAL_ABORT, reason);
    }

    public SctpState state() {
        return state;
    }

    /** Payload bytes of this stream queued or not yet acknowledged. */
    public long bufferedAmount(int streamId) {
        return sender.bufferedAmount(streamId);
    }

    /** Payload bytes of all streams queued or not yet acknowledged (bounded by the send buffer). */
    public long bufferedAmount() {
        return sender.bufferedAmount();
    }

    /** Outgoing streams usable (negotiated once established). */
    public int outboundStreams() {
        return sender.outboundStreams();
    }

    public int inboundStreams() {
        return receiver.inboundStreams();
    }

    /** Whether the peer accepts FORWARD TSN, i.e. partially reliable channels really give up. */
    public boolean peerSupportsPartialReliability() {
        return sender.peerSupportsForwardTsn();
    }

    public SctpConfig config() {
        return config;
    }

    public SctpStats stats() {
        return new SctpStats(packetsReceived, packetsDropped, packet.packetsSent(), sender.messagesSent(),
                messagesReceived, sender.messagesDropped(), sender.bytesDropped(), sender.messagesAbandoned(),
                sender.chunksRetransmitted(), sender.fastRetransmits(), timeouts, receiver.dataChunksDropped(),
                initsIgnored, sender.bufferedAmount(), receiver.bufferedBytes(), sender.flightSize(),
                sender.congestionWindow(), rto.rto() / 1_000_000L);
    }

    // ------------------------------------------------------------------ handshake

    private void sendInit(long now) {
        packet.begin(0, false);
        packet.advance(InitChunk.writeInit(packet.buffer(), packet.position(), localTag, receiver.advertisedWindow(),
                config.streams(), config.streams(), localInitialTsn, config.zeroChecksumAcceptable()));
        packet.send();
        t1Deadline = now + t1Timeout();
    }

    private long t1Timeout() {
        long base = config.rtoInitial().toNanos();
        return Math.min(config.rtoMax().toNanos(), base << Math.min(t1Retries, 20));
    }

    private void handleInit(byte[] b, int off, int len, long now) {
        if (!InitChunk.isValid(b, off, len)) {
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
        cookie.peerTag = InitChunk.initiateTag(b, off);
        cookie.peerInitialTsn = InitChunk.initialTsn(b, off);
        cookie.peerArwnd = InitChunk.advertisedWindow(b, off);
        cookie.peerOutboundStreams = InitChunk.outboundStreams(b, off);
        cookie.peerInboundStreams = InitChunk.inboundStreams(b, off);
        cookie.features = InitChunk.features(b, off, len);
        packet.begin(cookie.peerTag, false);
        int length = InitChunk.writeInitAck(packet.buffer(), packet.position(), localTag, receiver.advertisedWindow(),
                config.streams(), config.streams(), localInitialTsn, StateCookie.LENGTH,
                config.zeroChecksumAcceptable());
        cookie.write(packet.buffer(), InitChunk.writtenStateCookieOffset(packet.position()), now);
        packet.advance(length);
        packet.send();
    }

    private void handleInitAck(byte[] b, int off, int len, long now) {
        if (state != SctpState.COOKIE_WAIT) {
            return;
        }
        if (!InitChunk.isValid(b, off, len)) {
            packetsDropped++;
            return;
        }
        int cookieOffset = InitChunk.stateCookieOffset(b, off, len);
        int cookieLength = cookieOffset < 0 ? 0 : InitChunk.stateCookieLength(b, cookieOffset);
        if (cookieLength == 0 || cookieLength > maxCookie) {
            packetsDropped++;
            return;
        }
        applyPeer(InitChunk.initiateTag(b, off), InitChunk.advertisedWindow(b, off), InitChunk.outboundStreams(b, off),
                InitChunk.inboundStreams(b, off), InitChunk.initialTsn(b, off), InitChunk.features(b, off, len));
        peerCookie = Arrays.copyOfRange(b, cookieOffset, cookieOffset + cookieLength);
        state = SctpState.COOKIE_ECHOED;
        t1Retries = 0;
        sendCookieEcho(now);
    }

    private void sendCookieEcho(long now) {
        packet.begin(peerTag, false);
        packet.advance(CookieEchoChunk.write(packet.buffer(), packet.position(), peerCookie));
        packet.send();
        t1Deadline = now + t1Timeout();
    }

    private void handleCookieEcho(byte[] b, int off, int len, long now) {
        if (!cookie.read(b, CookieEchoChunk.cookieOffset(off), CookieEchoChunk.cookieLength(len), now)
                || cookie.localTag != localTag) {
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
        sender.start(Math.min(config.streams(), peerInbound), arwnd, (features & InitChunk.FEATURE_FORWARD_TSN) != 0);
        receiver.start(initialTsn, Math.min(config.streams(), peerOutbound));
        streamReset.start(initialTsn);
        peerReconfig = (features & InitChunk.FEATURE_RECONFIG) != 0;
        peerZeroChecksum = (features & InitChunk.FEATURE_ZERO_CHECKSUM) != 0;
    }

    private void establish(long now) {
        state = SctpState.ESTABLISHED;
        t1Deadline = NONE;
        peerCookie = null;
        sender.open();
        heartbeats.start(now);
        listener.established();
    }

    private void onT1Expired(long now) {
        timeouts++;
        if (++t1Retries > config.maxInitRetransmissions()) {
            t1Deadline = NONE;
            sendAbort(AbortChunk.CAUSE_USER_INITIATED_ABORT, "association setup timed out");
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

    // ------------------------------------------------------------------ inbound chunks

    private boolean acceptsData() {
        return state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                || state == SctpState.SHUTDOWN_SENT;
    }

    private void handleData(byte[] b, int off, int len) {
        if (!DataChunk.isValid(b, off, len)) {
            protocolViolation(len < DataChunk.HEADER_LENGTH ? "DATA chunk too short" : "DATA chunk without user data");
            return;
        }
        receiver.onData(b, off, len);
    }

    /** @return false to stop processing the rest of the packet */
    private boolean handleControl(int type, byte[] b, int off, int len, long now) {
        boolean established = state.compareTo(SctpState.ESTABLISHED) >= 0;
        switch (type) {
            case Chunks.INIT -> {
                return false; // INIT must be alone in its packet
            }
            case Chunks.INIT_ACK -> handleInitAck(b, off, len, now);
            case Chunks.COOKIE_ECHO -> handleCookieEcho(b, off, len, now);
            case Chunks.COOKIE_ACK -> {
                if (state == SctpState.COOKIE_ECHOED) {
                    establish(now);
                }
            }
            case Chunks.SACK -> {
                if (established && SackChunk.isValid(b, off, len) && sender.onSack(b, off, now)) {
                    errorCount = 0;
                }
            }
            case Chunks.FORWARD_TSN -> {
                if (acceptsData() && ForwardTsnChunk.isValid(b, off, len)) {
                    receiver.onForwardTsn(b, off, len);
                }
            }
            case Chunks.RE_CONFIG -> {
                if (established) {
                    streamReset.onReconfig(b, off, len, now);
                }
            }
            case Chunks.HEARTBEAT -> {
                if (established && HeartbeatChunk.isValidRequest(b, off, len)) {
                    heartbeats.onHeartbeat(b, off, len);
                }
            }
            case Chunks.HEARTBEAT_ACK -> {
                if (heartbeats.onHeartbeatAck(b, off, len, now)) {
                    errorCount = 0;
                }
            }
            case Chunks.ABORT -> terminate(CloseCause.PEER_ABORT, AbortChunk.reason(b, off, len));
            case Chunks.SHUTDOWN -> {
                if (established && ShutdownChunk.isValid(b, off, len)) {
                    handleShutdown(ShutdownChunk.cumulativeTsnAck(b, off));
                }
            }
            case Chunks.SHUTDOWN_ACK -> handleShutdownAck();
            case Chunks.SHUTDOWN_COMPLETE -> {
                if (state == SctpState.SHUTDOWN_ACK_SENT) {
                    terminate(CloseCause.SHUTDOWN, "shutdown complete");
                }
            }
            case Chunks.ERROR -> LOG.debug("SCTP peer reported an error ({} bytes)", len);
            default -> {
                // RFC 9260 3.2: the two high bits say whether to skip the unknown chunk or the rest of the packet.
                return (type & 0x80) != 0;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------ outbound packets

    /** Bundles everything due into as few packets as possible, control chunks before DATA (RFC 9260 6.10). */
    private void flush(long now) {
        if (terminated || state.compareTo(SctpState.ESTABLISHED) < 0) {
            return;
        }
        packet.begin(peerTag, zeroChecksumAllowed());
        if (cookieAckDue) {
            packet.advance(HeaderOnlyChunk.write(packet.buffer(), packet.position(), Chunks.COOKIE_ACK));
            cookieAckDue = false;
        }
        if (receiver.sackDue()) {
            receiver.writeSack(packet);
            if (state == SctpState.SHUTDOWN_SENT) {
                writeShutdown();
            }
        }
        heartbeats.write(packet, now);
        sender.writeForwardTsn(packet);
        streamReset.write(packet, now);
        if (state != SctpState.SHUTDOWN_ACK_SENT) {
            sender.writeRetransmissions(packet, now);
            if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING
                    || state == SctpState.SHUTDOWN_RECEIVED) {
                sender.writeNewData(packet, now);
            }
        }
        if (!packet.isEmpty()) {
            packet.send();
        }
        sender.armTimer(now);
        progressShutdown(now);
    }

    private boolean zeroChecksumAllowed() {
        return config.zeroChecksumAcceptable() && peerZeroChecksum;
    }

    private void onT3Expired(long now) {
        timeouts++;
        if (!sender.hasOutstanding()) {
            sender.stopTimer();
            return;
        }
        if (++errorCount > config.maxRetransmissions()) {
            sendAbort(AbortChunk.CAUSE_USER_INITIATED_ABORT, "retransmission limit reached");
            terminate(CloseCause.TIMEOUT, "peer stopped acknowledging data");
            return;
        }
        sender.onRetransmissionTimeout(now);
    }

    private void onHeartbeatTimer(long now) {
        if (state != SctpState.ESTABLISHED) {
            heartbeats.stop();
            return;
        }
        if (heartbeats.unanswered() && ++errorCount > config.maxRetransmissions()) {
            sendAbort(AbortChunk.CAUSE_USER_INITIATED_ABORT, "heartbeats unanswered");
            terminate(CloseCause.TIMEOUT, "peer stopped answering heartbeats");
            return;
        }
        heartbeats.probe(now);
    }

    // ------------------------------------------------------------------ shutdown and abort

    private void handleShutdown(int cumulativeTsnAck) {
        sender.onShutdownCumulativeAck(cumulativeTsnAck);
        if (state == SctpState.ESTABLISHED || state == SctpState.SHUTDOWN_PENDING) {
            state = SctpState.SHUTDOWN_RECEIVED;
        } else if (state == SctpState.SHUTDOWN_SENT) {
            state = SctpState.SHUTDOWN_RECEIVED;
            t2Deadline = NONE;
        }
    }

    private void progressShutdown(long now) {
        if (!sender.isIdle()) {
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
        packet.ensureRoom(ShutdownChunk.LENGTH);
        packet.advance(ShutdownChunk.write(packet.buffer(), packet.position(), (int) receiver.cumulativeTsn()));
    }

    private void sendShutdownChunk(int type, long now) {
        packet.begin(peerTag, zeroChecksumAllowed());
        if (type == Chunks.SHUTDOWN) {
            writeShutdown();
        } else {
            packet.advance(HeaderOnlyChunk.write(packet.buffer(), packet.position(), type));
        }
        packet.send();
        t2Deadline = now + rto.rto();
    }

    private void onT2Expired(long now) {
        timeouts++;
        if (++t2Retries > config.maxRetransmissions()) {
            sendAbort(AbortChunk.CAUSE_USER_INITIATED_ABORT, "shutdown timed out");
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
            packet.begin(peerTag, zeroChecksumAllowed());
            packet.advance(HeaderOnlyChunk.write(packet.buffer(), packet.position(), Chunks.SHUTDOWN_COMPLETE));
            packet.send();
            terminate(CloseCause.SHUTDOWN, "shutdown complete");
        }
    }

    private void protocolViolation(String detail) {
        if (terminated) {
            return;
        }
        LOG.debug("SCTP protocol violation: {}", detail);
        sendAbort(AbortChunk.CAUSE_PROTOCOL_VIOLATION, detail);
        terminate(CloseCause.PROTOCOL_VIOLATION, detail);
    }

    private void sendAbort(int cause, String detail) {
        if (peerTag == 0) {
            return;
        }
        byte[] text = detail.getBytes(StandardCharsets.UTF_8);
        packet.begin(peerTag, false);
        packet.advance(AbortChunk.write(packet.buffer(), packet.position(), cause, text,
                Math.min(text.length, AbortChunk.MAX_TEXT)));
        packet.send();
    }

    private void terminate(CloseCause cause, String detail) {
        if (terminated) {
            return;
        }
        terminated = true;
        state = SctpState.CLOSED;
        t1Deadline = t2Deadline = NONE;
        sender.clear();
        receiver.stop();
        heartbeats.stop();
        streamReset.stop();
        listener.closed(cause, detail);
    }
}
