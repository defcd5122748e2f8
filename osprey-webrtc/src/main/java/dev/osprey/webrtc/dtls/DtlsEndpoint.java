package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One DTLS-SRTP association (RFC 5764) with one remote peer, in the server or the client role.
 *
 * <p>Threading: bctls blocks in {@code accept}/{@code connect}/{@code receive}, so each endpoint runs the
 * handshake (including bctls's retransmission timers) on a virtual thread of its own. Once connected, records
 * are rare (data channel packets, alerts, a retransmitted final flight), so no thread waits for them: a
 * datagram that arrives starts a reader thread, which delivers what comes and ends after
 * {@link #READER_IDLE_MILLIS} without a datagram; an idle connection holds no thread and no stack. The
 * network event loop only calls {@link #onDatagram}, which copies the datagram into a bounded queue and
 * returns at once; outgoing datagrams go to the caller's non-blocking {@link DatagramSink}. All
 * {@link DtlsListener} callbacks run on the endpoint's threads, one at a time. {@link #close()} sends
 * close_notify and releases the threads and the queue.
 */
public final class DtlsEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DtlsEndpoint.class);
    private static final AtomicLong IDS = new AtomicLong();
    /** How long a reader waits for another record before it ends. */
    static final int READER_IDLE_MILLIS = 100;

    /** Lifecycle: NEW → HANDSHAKING → CONNECTED → CLOSED, or → FAILED when the handshake fails. */
    public enum State { NEW, HANDSHAKING, CONNECTED, FAILED, CLOSED }

    private final long id = IDS.incrementAndGet();
    private final DtlsRole role;
    private final DtlsCertificate localCertificate;
    private final DtlsFingerprint remoteFingerprint;
    private final DtlsConfig config;
    private final DtlsListener listener;
    private final QueuedDatagramTransport transport;
    private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

    private volatile boolean closeRequested;
    private volatile DTLSTransport connection;
    private volatile int maxApplicationDataLength;
    private volatile Thread thread;

    private final Object readerLock = new Object();
    private final AtomicBoolean ended = new AtomicBoolean();
    // Guarded by readerLock: the connection readers use (null until the handshake is over), the running reader.
    private DTLSTransport readable;
    private Thread reader;

    /**
     * @param role              SERVER when our negotiated {@code a=setup} is passive, CLIENT when active
     * @param localCertificate  our identity, whose fingerprint went into our SDP
     * @param remoteFingerprint the {@code a=fingerprint} of the peer's SDP
     * @param sink              receives every datagram to send to the peer
     * @param listener          handshake result, application data and closing
     */
    public DtlsEndpoint(DtlsRole role, DtlsCertificate localCertificate, DtlsFingerprint remoteFingerprint,
            DtlsConfig config, DatagramSink sink, DtlsListener listener) {
        this.role = Objects.requireNonNull(role, "role");
        this.localCertificate = Objects.requireNonNull(localCertificate, "localCertificate");
        this.remoteFingerprint = Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        this.config = Objects.requireNonNull(config, "config");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.transport = new QueuedDatagramTransport(Objects.requireNonNull(sink, "sink"),
                config.receiveLimit(), config.sendLimit(), config.queueCapacity());
    }

    /** Starts the handshake on the endpoint's virtual thread. Does nothing if the endpoint was already closed. */
    public void start() {
        if (state.compareAndSet(State.NEW, State.HANDSHAKING)) {
            thread = Thread.ofVirtual()
                    .name("dtls-" + role.name().toLowerCase(Locale.ROOT) + "-" + id)
                    .start(this::run);
        } else if (state.get() != State.CLOSED) {
            throw new IllegalStateException("DTLS endpoint already started");
        }
    }

    /**
     * Hands over a DTLS datagram received from the peer. Safe to call from an event loop: it copies the bytes
     * and never blocks. Datagrams that arrive before {@link #start()} are kept for the handshake.
     *
     * @return false if the datagram was dropped (queue full, larger than the receive limit, closed, or once
     *         connected not a well-formed DTLS record sequence)
     */
    public boolean onDatagram(byte[] buf, int off, int len) {
        if (state.get() == State.CONNECTED && !DtlsRecordCheck.wellFormed(buf, off, len)) {
            return false;
        }
        if (!transport.offer(buf, off, len)) {
            return false;
        }
        startReader();
        return true;
    }

    /**
     * Encrypts and sends one application data record (e.g. an SCTP packet) through the sink.
     *
     * @return false if the endpoint is not connected (any more)
     * @throws IllegalArgumentException if {@code len} exceeds {@link #maxApplicationDataLength()}
     */
    public boolean sendApplicationData(byte[] buf, int off, int len) {
        DTLSTransport current = connection;
        if (current == null || state.get() != State.CONNECTED) {
            return false;
        }
        if (len > maxApplicationDataLength) {
            // bctls would treat an oversized record as an internal error and tear the connection down.
            throw new IllegalArgumentException(
                    "application data of " + len + " bytes exceeds " + maxApplicationDataLength);
        }
        try {
            current.send(buf, off, len);
            return true;
        } catch (IOException e) {
            LOG.debug("DTLS endpoint {} could not send application data: {}", id, e.toString());
            return false;
        }
    }

    /** Largest application data record that fits one datagram; 0 before the handshake completes. */
    public int maxApplicationDataLength() {
        return maxApplicationDataLength;
    }

    /** Sends close_notify if connected, aborts a running handshake, and frees the queue and the thread. Idempotent. */
    @Override
    public void close() {
        closeRequested = true;
        if (state.compareAndSet(State.NEW, State.CLOSED)) {
            transport.close();
            notifyClosed();
            return;
        }
        DTLSTransport current = connection;
        if (current != null) {
            closeQuietly(current);
        }
        // Releases a thread blocked in bctls's receive; that thread then reports the end to the listener. After
        // the handshake, when no reader runs, one is started to do it: its first receive fails.
        transport.close();
        startReader();
    }

    /** Waits until the endpoint's threads have ended (true) or the timeout elapsed (false). */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread current = thread;
        if (current == null) {
            return state.get() == State.CLOSED;
        }
        if (!current.join(timeout)) {
            return false;
        }
        Thread last;
        synchronized (readerLock) {
            last = reader;
        }
        return last == null || last.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    }

    public State state() {
        return state.get();
    }

    /** True when none of the endpoint's threads is running (an idle connection holds none). */
    boolean threadless() {
        Thread handshake = thread;
        synchronized (readerLock) {
            return (handshake == null || !handshake.isAlive()) && (reader == null || !reader.isAlive());
        }
    }

    public DtlsRole role() {
        return role;
    }

    /** Our certificate's fingerprint, for the local SDP. */
    public DtlsFingerprint localFingerprint() {
        return localCertificate.fingerprint();
    }

    /** Incoming datagrams dropped because the queue was full, they were too large, or the endpoint was closed. */
    public long droppedDatagrams() {
        return transport.droppedCount();
    }

    private void run() {
        DTLSTransport established;
        DtlsSrtpKeys keys;
        int cipherSuite;
        try {
            SrtpDtlsHandshake handshake = new SrtpDtlsHandshake(role, localCertificate, remoteFingerprint, config);
            if (role == DtlsRole.SERVER) {
                // No DTLSVerifier/HelloVerifyRequest: it silently drops the fragmented ClientHello browsers send.
                established = new DTLSServerProtocol().accept(new SrtpDtlsServer(handshake), transport);
            } else {
                established = new DTLSClientProtocol().connect(new SrtpDtlsClient(handshake), transport);
            }
            keys = handshake.srtpKeys();
            cipherSuite = handshake.negotiatedCipherSuite();
            maxApplicationDataLength = established.getSendLimit();
        } catch (IOException | RuntimeException e) {
            transport.close();
            if (closeRequested) {
                state.set(State.CLOSED);
                notifyClosed();
            } else {
                state.set(State.FAILED);
                LOG.debug("DTLS {} handshake of endpoint {} failed: {}", role, id, e.toString());
                notifyFailed(e);
            }
            return;
        }

        connection = established;
        // close() may have run while the handshake finished; it sets closeRequested before reading connection.
        if (closeRequested || !state.compareAndSet(State.HANDSHAKING, State.CONNECTED)) {
            transport.stopCoalescing();
            closeQuietly(established);
            state.set(State.CLOSED);
            notifyClosed();
            return;
        }
        LOG.debug("DTLS {} endpoint {} connected, {}", role, id, keys);
        try {
            listener.onHandshakeComplete(keys, cipherSuite);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener failed in onHandshakeComplete", e);
        } finally {
            // The server's final flight (accept() returns without waiting for an answer) goes out only now:
            // the peer sends SRTP as soon as it has our Finished, so the listener installs the keys first.
            transport.stopCoalescing();
            transport.releaseIdleSlots();
        }
        synchronized (readerLock) {
            readable = established;
        }
        // Datagrams that came during the handshake's end (or a close) are read by a reader of their own.
        startReader();
    }

    /** Starts a reader unless one runs, the handshake is not over, or the end was reported; any thread. */
    private void startReader() {
        synchronized (readerLock) {
            if (readable == null || ended.get() || (reader != null && reader.isAlive())) {
                return;
            }
            DTLSTransport established = readable;
            reader = Thread.ofVirtual().name("dtls-reader-" + id).start(() -> read(established));
        }
    }

    /**
     * Delivers application data until no datagram came for {@link #READER_IDLE_MILLIS}; the first failure
     * (the transport closed by us or by the peer's close_notify, a fatal alert) ends the endpoint.
     */
    private void read(DTLSTransport established) {
        try {
            byte[] buf = new byte[Math.max(established.getReceiveLimit(), 1)];
            while (true) {
                int length = established.receive(buf, 0, buf.length, READER_IDLE_MILLIS);
                if (length > 0) {
                    deliver(buf, length);
                } else if (length < 0 && stopReading()) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            if (!closeRequested) {
                LOG.debug("DTLS endpoint {} connection ended: {}", id, e.toString());
            }
        }
        if (ended.compareAndSet(false, true)) {
            closeQuietly(established);
            transport.close();
            state.set(State.CLOSED);
            notifyClosed();
        }
    }

    /**
     * True when the reader may end (and the queue's buffers are freed): nothing is queued, so the next
     * datagram starts a new reader. Not once the transport is closed (bctls may have processed a close_notify
     * just before its wait expired): the next receive then fails and the reader reports the end.
     */
    private boolean stopReading() {
        synchronized (readerLock) {
            if (!transport.isIdle()) {
                return false;
            }
            transport.releaseIdleSlots();
            reader = null;
            return true;
        }
    }

    private void deliver(byte[] buf, int length) {
        try {
            listener.onApplicationData(buf, 0, length);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener failed in onApplicationData", e);
        }
    }

    private void notifyFailed(Throwable cause) {
        try {
            listener.onHandshakeFailed(cause);
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener failed in onHandshakeFailed", e);
        }
    }

    private void notifyClosed() {
        try {
            listener.onClosed();
        } catch (RuntimeException e) {
            LOG.warn("DTLS listener failed in onClosed", e);
        }
    }

    private static void closeQuietly(DTLSTransport established) {
        try {
            established.close();
        } catch (IOException | RuntimeException e) {
            LOG.trace("ignoring failure while closing DTLS", e);
        }
    }
}
