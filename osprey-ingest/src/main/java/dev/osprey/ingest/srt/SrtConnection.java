package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One caller's SRT connection, receiver side, live mode: from its verified conclusion handshake
 * (waiting for the {@link SrtPublishRequest} decision) through the data it sends, delivered in
 * order at its TSBPD time, with full ACKs every 10 ms (ACKACKs give the RTT), NAKs when a gap
 * shows and again periodically while it lasts, keepalives, and the end: SHUTDOWN, silence for the
 * idle timeout, a refusal, or the listener closing.
 *
 * <p>Threading: everything runs on the listener channel's event loop; only the decision may come
 * from another thread and is carried over to the loop.
 */
final class SrtConnection implements ReceiveBuffer.Sink {
    private static final Logger LOG = LoggerFactory.getLogger(SrtConnection.class);
    static final long ACK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MIN_NAK_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    private static final long KEEPALIVE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** The largest payload taken: a 1500-byte MTU less the IP, UDP and SRT headers, with room to spare. */
    static final int MAX_PAYLOAD = 1500 - SrtPackets.HEADER_LENGTH;
    private static final int ACK_HISTORY = 64;
    private static final long MAX_AHEAD_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_NAK_WORDS = 300;

    enum State { PENDING, OPEN, CLOSED }

    final SrtConnectionDescription description;
    final int socketId;
    final int peerSocketId;
    final InetSocketAddress remote;
    final String streamId;
    private final SrtListener listener;
    private final DatagramOutput output;
    private final long latencyNanos;
    private final int bufferPackets;
    private final long idleTimeoutNanos;
    /** Our time zero: the timestamps we send count microseconds from it. */
    private final long startNanos;
    /** The caller's time zero on our clock, from the timestamp of its conclusion, corrected for drift. */
    private long peerBaseNanos;
    private final DriftTracker drift = new DriftTracker();
    private long lastPeerTimestamp;
    private final byte[] conclusionResponse;
    private byte[] rejection;
    private final byte[] scratch = new byte[MAX_PAYLOAD];
    /** Null when the caller does not encrypt. */
    private final PayloadDecryptor decryptor;
    private ReceiveBuffer buffer;
    private State state = State.PENDING;
    /** The control packet between {@link #sendControl} and {@link #flushControl}. */
    private ByteBuf controlBeingWritten;

    private long lastReceivedNanos;
    private long lastSentNanos;
    private long lastAckNanos;
    private long lastNakNanos;
    private int lastAckSentPoint = -1;
    private int lastAckAckedPoint = -1;
    private int ackNumber;
    private final int[] ackNumbers = new int[ACK_HISTORY];
    private final int[] ackPoints = new int[ACK_HISTORY];
    private final long[] ackSentNanos = new long[ACK_HISTORY];
    private int rttMicros = 100_000;
    private int rttVarMicros = 50_000;

    private long rateWindowStart;
    private int packetsInWindow;
    private long bytesInWindow;
    private int packetsPerSecond;
    private int bytesPerSecond;

    final Counters counters = new Counters();

    /** What happened to a connection's packets, for logs and tests. */
    static final class Counters {
        long received;
        long delivered;
        long duplicates;
        long tooLate;
        long beyondBuffer;
        long undecryptable;
        long oversized;
        long naksSent;
        long acksSent;
    }

    SrtConnection(SrtConnectionDescription description, SrtSettings settings, SrtListener listener,
                  DatagramOutput output, long conclusionArrivalNanos, int conclusionTimestamp,
                  byte[] conclusionResponse, PayloadDecryptor decryptor) {
        this.description = description;
        this.socketId = description.socketId();
        this.peerSocketId = description.peerSocketId();
        this.remote = description.remote();
        this.streamId = description.streamId();
        this.listener = listener;
        this.output = output;
        this.latencyNanos = TimeUnit.MILLISECONDS.toNanos(description.receiveLatencyMillis());
        this.bufferPackets = settings.receiveBufferPackets();
        this.idleTimeoutNanos = TimeUnit.MILLISECONDS.toNanos(settings.peerIdleTimeoutMillis());
        this.startNanos = conclusionArrivalNanos;
        this.lastPeerTimestamp = Integer.toUnsignedLong(conclusionTimestamp);
        this.peerBaseNanos = conclusionArrivalNanos - lastPeerTimestamp * 1000;
        this.conclusionResponse = conclusionResponse;
        this.decryptor = decryptor;
        this.lastReceivedNanos = conclusionArrivalNanos;
        this.rateWindowStart = conclusionArrivalNanos;
    }

    State state() {
        return state;
    }

    /** Asks the listener; its answer comes back on the loop. */
    void requestDecision() {
        SrtPublishRequest request = new SrtPublishRequest(streamId, remote, description.encrypted(), output::execute,
                new SrtPublishRequest.Decision() {
                    @Override
                    public void accept() {
                        output.execute(SrtConnection.this::accepted);
                    }

                    @Override
                    public void refuse(String reason, int rejectReason) {
                        output.execute(() -> refused(reason, rejectReason));
                    }

                    @Override
                    public void end(String reason) {
                        output.execute(() -> close(reason, true));
                    }
                });
        try {
            listener.onPublishRequest(request);
        } catch (RuntimeException e) {
            LOG.warn("SRT {}: the listener failed on the publish request", remote, e);
            refused("internal error", RejectReason.SYSTEM);
        }
    }

    private void accepted() {
        if (state != State.PENDING) {
            return;
        }
        state = State.OPEN;
        buffer = new ReceiveBuffer(bufferPackets, description.initialSequence());
        LOG.info("SRT {} ({}): accepted as socket {}", remote, streamId, Integer.toHexString(socketId));
        sendConclusionResponse(output.now());
    }

    private void refused(String reason, int rejectReason) {
        if (state != State.PENDING) {
            return;
        }
        rejection = rejectionOf(rejectReason);
        output.send(Unpooled.wrappedBuffer(rejection), remote);
        close("refused: " + reason, false);
    }

    /** The caller repeated its conclusion: our response was lost, or we have not decided yet. */
    void onConclusionAgain(long now) {
        lastReceivedNanos = now;
        if (state == State.OPEN) {
            sendConclusionResponse(now);
        }
    }

    private void sendConclusionResponse(long now) {
        output.send(Unpooled.wrappedBuffer(conclusionResponse), remote);
        lastSentNanos = now;
    }

    /** The conclusion response turned into a rejection: same header and CIF, another type, no extensions. */
    private byte[] rejectionOf(int reason) {
        byte[] r = Arrays.copyOf(conclusionResponse, SrtPackets.HEADER_LENGTH + Handshake.LENGTH);
        int type = RejectReason.FAILURE_TYPES + reason;
        int at = SrtPackets.HEADER_LENGTH + 20;
        r[at] = (byte) (type >>> 24);
        r[at + 1] = (byte) (type >>> 16);
        r[at + 2] = (byte) (type >>> 8);
        r[at + 3] = (byte) type;
        // No extension flags in a rejection.
        r[SrtPackets.HEADER_LENGTH + 6] = 0;
        r[SrtPackets.HEADER_LENGTH + 7] = 0;
        return r;
    }

    void onData(ByteBuf packet, long now) {
        lastReceivedNanos = now;
        if (state != State.OPEN) {
            return;
        }
        int length = packet.readableBytes() - SrtPackets.HEADER_LENGTH;
        if (length > MAX_PAYLOAD) {
            counters.oversized++;
            return;
        }
        counters.received++;
        packetsInWindow++;
        bytesInWindow += length;
        int seq = SrtPackets.sequenceNumber(packet);
        long sent = peerBaseNanos + unwrapTimestamp(SrtPackets.timestamp(packet)) * 1000;
        if (!SrtPackets.retransmitted(packet)) {
            peerBaseNanos += drift.sample(now - sent);
        }
        // A packet stamped far ahead (a broken or hostile clock) must not hold the stream back for long.
        long due = Math.min(sent + latencyNanos, now + latencyNanos + MAX_AHEAD_NANOS);
        switch (buffer.insert(seq, packet, due)) {
            case STORED -> {
                if (buffer.gapFirst != -1) {
                    sendNak(buffer.gapFirst, buffer.gapLast, now);
                }
            }
            case DUPLICATE -> counters.duplicates++;
            case TOO_LATE -> counters.tooLate++;
            case BEYOND_BUFFER -> counters.beyondBuffer++;
        }
        buffer.deliver(now, this);
    }

    /** Peer timestamps are 32-bit microseconds; this follows them past the wrap (every 71 minutes). */
    private long unwrapTimestamp(int timestamp) {
        int delta = timestamp - (int) lastPeerTimestamp;
        long unwrapped = lastPeerTimestamp + delta;
        if (delta > 0) {
            lastPeerTimestamp = unwrapped;
        }
        return unwrapped;
    }

    @Override
    public void deliver(ByteBuf packet) {
        int length = packet.readableBytes() - SrtPackets.HEADER_LENGTH;
        packet.getBytes(packet.readerIndex() + SrtPackets.HEADER_LENGTH, scratch, 0, length);
        int key = SrtPackets.encryptionKey(packet);
        if (key != SrtPackets.KEY_NONE || decryptor != null) {
            if (decryptor == null || !decryptor.decrypt(key, SrtPackets.word(packet, 0), scratch, 0, length)) {
                counters.undecryptable++;
                return;
            }
        }
        counters.delivered++;
        listener.onPayload(scratch, 0, length);
    }

    void onControl(ByteBuf packet, long now) {
        lastReceivedNanos = now;
        switch (SrtPackets.controlType(packet)) {
            case SrtPackets.CONTROL_ACKACK -> onAckAck(SrtPackets.word(packet, 1), now);
            case SrtPackets.CONTROL_KEEPALIVE -> {
                if (state == State.OPEN) {
                    sendControl(SrtPackets.CONTROL_KEEPALIVE, 0, 0, now, 4).writeInt(0);
                    flushControl();
                }
            }
            case SrtPackets.CONTROL_SHUTDOWN -> {
                if (state == State.OPEN) {
                    buffer.drain(this); // the caller sends nothing more: hand over all that came, now
                }
                close("shut down by the caller", false);
            }
            case SrtPackets.CONTROL_PEERERROR -> close("the caller reported error " + SrtPackets.word(packet, 1), false);
            case SrtPackets.CONTROL_USER -> {
                if (SrtPackets.controlSubtype(packet) == SrtPackets.EXT_KMREQ && state == State.OPEN) {
                    onKeyRefresh(packet, now);
                }
            }
            default -> {
                // ACK/NAK would be about data we send (none); DROPREQ names packets the TSBPD drop will skip anyway
            }
        }
    }

    /** A key refresh: the caller announces its next key (even or odd) and switches to it later. */
    private void onKeyRefresh(ByteBuf packet, long now) {
        if (decryptor == null || packet.readableBytes() <= SrtPackets.HEADER_LENGTH) {
            return;
        }
        byte[] message = new byte[Math.min(packet.readableBytes() - SrtPackets.HEADER_LENGTH, 256)];
        packet.getBytes(packet.readerIndex() + SrtPackets.HEADER_LENGTH, message);
        try {
            KeyMaterial km = KeyMaterial.parse(message);
            decryptor.install(km);
            ByteBuf out = sendControl(SrtPackets.CONTROL_USER, SrtPackets.EXT_KMRSP, 0, now, km.message.length);
            out.writeBytes(km.message);
            flushControl();
        } catch (KeyMaterial.KeyMaterialException e) {
            LOG.warn("SRT {} ({}): key refresh failed: {}", remote, streamId, e.getMessage());
        }
    }

    private void onAckAck(int number, long now) {
        for (int i = 0; i < ACK_HISTORY; i++) {
            if (ackNumbers[i] == number && ackSentNanos[i] != 0) {
                int sample = (int) Math.min(Integer.MAX_VALUE, (now - ackSentNanos[i]) / 1000);
                rttVarMicros = (3 * rttVarMicros + Math.abs(rttMicros - sample)) / 4;
                rttMicros = (7 * rttMicros + sample) / 8;
                lastAckAckedPoint = ackPoints[i];
                ackSentNanos[i] = 0;
                return;
            }
        }
    }

    /** Timers: delivery, ACK, periodic NAK, keepalive, idle timeout. */
    void tick(long now) {
        if (now - lastReceivedNanos > idleTimeoutNanos) {
            close(state == State.PENDING ? "no decision before the caller gave up"
                    : "nothing received for " + TimeUnit.NANOSECONDS.toMillis(idleTimeoutNanos) + " ms", state == State.OPEN);
            return;
        }
        if (state != State.OPEN) {
            return;
        }
        buffer.deliver(now, this);
        if (state != State.OPEN) {
            return; // the listener closed us while consuming
        }
        if (now - rateWindowStart >= 1_000_000_000L) {
            double seconds = (now - rateWindowStart) / 1e9;
            packetsPerSecond = (int) (packetsInWindow / seconds);
            bytesPerSecond = (int) Math.min(Integer.MAX_VALUE, bytesInWindow / seconds);
            packetsInWindow = 0;
            bytesInWindow = 0;
            rateWindowStart = now;
        }
        if (now - lastAckNanos >= ACK_INTERVAL_NANOS) {
            maybeSendAck(now);
        }
        long nakInterval = Math.max(MIN_NAK_INTERVAL_NANOS, (rttMicros + 4L * rttVarMicros) * 1000 / 2);
        if (now - lastNakNanos >= nakInterval && buffer.hasLoss()) {
            ByteBuf out = sendControl(SrtPackets.CONTROL_NAK, 0, 0, now, 4 * MAX_NAK_WORDS);
            buffer.writeLossList(out, MAX_NAK_WORDS);
            flushControl();
            lastNakNanos = now;
            counters.naksSent++;
        }
        if (now - lastSentNanos >= KEEPALIVE_INTERVAL_NANOS) {
            sendControl(SrtPackets.CONTROL_KEEPALIVE, 0, 0, now, 4).writeInt(0);
            flushControl();
        }
    }

    private void maybeSendAck(long now) {
        int point = buffer.ackPoint();
        if (point == lastAckAckedPoint) {
            return; // the caller has confirmed it knows
        }
        if (point == lastAckSentPoint && now - lastAckNanos < 2L * rttMicros * 1000) {
            return;
        }
        ackNumber = ackNumber == Integer.MAX_VALUE ? 1 : ackNumber + 1;
        int slot = ackNumber % ACK_HISTORY;
        ackNumbers[slot] = ackNumber;
        ackPoints[slot] = point;
        ackSentNanos[slot] = now;
        ByteBuf out = sendControl(SrtPackets.CONTROL_ACK, 0, ackNumber, now, 28);
        out.writeInt(point);
        out.writeInt(rttMicros);
        out.writeInt(rttVarMicros);
        out.writeInt(Math.max(2, buffer.available()));
        out.writeInt(packetsPerSecond);
        out.writeInt(Math.max(packetsPerSecond, 1000) * 2); // link capacity: not probed, a generous estimate
        out.writeInt(bytesPerSecond);
        flushControl();
        lastAckSentPoint = point;
        lastAckNanos = now;
        counters.acksSent++;
    }

    private void sendNak(int first, int last, long now) {
        ByteBuf out = sendControl(SrtPackets.CONTROL_NAK, 0, 0, now, 8);
        if (first == last) {
            out.writeInt(first);
        } else {
            out.writeInt(0x8000_0000 | first);
            out.writeInt(last);
        }
        flushControl();
        lastNakNanos = now;
        counters.naksSent++;
    }

    /** Starts a control packet to the caller; the CIF is written into the returned buffer, then {@link #flushControl}. */
    private ByteBuf sendControl(int type, int subtype, int typeSpecific, long now, int cifCapacity) {
        ByteBuf out = output.alloc().ioBuffer(SrtPackets.HEADER_LENGTH + cifCapacity);
        SrtPackets.writeControlHeader(out, type, subtype, typeSpecific, (int) ((now - startNanos) / 1000), peerSocketId);
        controlBeingWritten = out;
        lastSentNanos = now;
        return out;
    }

    private void flushControl() {
        ByteBuf out = controlBeingWritten;
        controlBeingWritten = null;
        output.send(out, remote);
    }

    /** Ends the connection once: tells the caller if asked, releases the buffer, tells the listener. */
    void close(String reason, boolean notifyCaller) {
        if (state == State.CLOSED) {
            return;
        }
        if (notifyCaller && state == State.OPEN) {
            sendControl(SrtPackets.CONTROL_SHUTDOWN, 0, 0, output.now(), 4).writeInt(0);
            flushControl();
        }
        state = State.CLOSED;
        if (buffer != null) {
            buffer.clear();
        }
        output.closed(this, rejection);
        LOG.info("SRT {} ({}): {} (received {}, delivered {}, given up {}, NAKs {})", remote, streamId, reason,
                counters.received, counters.delivered, buffer == null ? 0 : buffer.givenUp, counters.naksSent);
        try {
            listener.onClosed(reason);
        } catch (RuntimeException e) {
            LOG.warn("SRT {}: the listener failed on close", remote, e);
        }
    }
}
