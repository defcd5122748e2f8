package dev.osprey.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.bouncycastle.tls.DatagramTransport;

/**
 * The bridge between a non-blocking network thread and bctls's blocking record layer.
 * {@link #offer} copies an incoming datagram into a preallocated ring slot and never waits for the consumer;
 * {@link #receive} (called by bctls on the endpoint's own thread) blocks until a datagram or its timeout.
 * When the ring is full, new datagrams are dropped, as UDP would; DTLS retransmission recovers.
 *
 * <p>During the handshake, outgoing records are packed into as few datagrams as fit the send limit, and a
 * flight goes out when bctls starts waiting for the answer (its next {@link #receive}), like browsers do.
 * Besides saving packets this matters for correctness: bctls 1.84 switches its read epoch on a
 * ChangeCipherSpec even if an earlier message of the same flight was lost, and then ignores the retransmitted
 * epoch-0 messages (bc-java issue 229), so a peer must not see a flight's CCS without the messages before it.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    private final DatagramSink sink;
    private final int receiveLimit;
    private final int sendLimit;
    private final int capacity;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    // Slots are allocated on first use so that idle endpoints cost little memory.
    private byte[][] slots;
    private int[] lengths;
    private int head;
    private int count;
    private boolean closed;
    private long dropped;

    private final Object sendLock = new Object();
    // Handshake flights are packed here; released when coalescing stops, as application data is sent at once.
    private byte[] pending;
    private int pendingLength;
    private boolean coalescing = true;

    QueuedDatagramTransport(DatagramSink sink, int receiveLimit, int sendLimit, int capacity) {
        this.sink = sink;
        this.receiveLimit = receiveLimit;
        this.sendLimit = sendLimit;
        this.capacity = capacity;
        this.slots = new byte[capacity][];
        this.lengths = new int[capacity];
    }

    /** Queues a copy of a datagram; false if it was dropped (queue full, too large, empty or closed). */
    boolean offer(byte[] buf, int off, int len) {
        if (len <= 0 || len > receiveLimit) {
            countDrop();
            return false;
        }
        lock.lock();
        try {
            if (closed || count == capacity) {
                dropped++;
                return false;
            }
            int index = (head + count) % capacity;
            byte[] slot = slots[index];
            if (slot == null) {
                slot = new byte[receiveLimit];
                slots[index] = slot;
            }
            System.arraycopy(buf, off, slot, 0, len);
            lengths[index] = len;
            count++;
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Datagrams dropped so far because they did not fit or arrived after close. */
    long droppedCount() {
        lock.lock();
        try {
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int getReceiveLimit() {
        return receiveLimit;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /**
     * Blocks for at most {@code waitMillis} (0 means no limit, as bctls defines it).
     *
     * @return the datagram length, or -1 on timeout
     * @throws IOException once the transport is closed, which is how a blocked bctls thread gets released
     */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        // bctls only waits once it has sent everything it can: the flight is complete.
        flush();
        lock.lock();
        try {
            long remainingNanos = TimeUnit.MILLISECONDS.toNanos(waitMillis);
            while (count == 0 && !closed) {
                if (waitMillis == 0) {
                    notEmpty.await();
                } else {
                    if (remainingNanos <= 0) {
                        return -1;
                    }
                    remainingNanos = notEmpty.awaitNanos(remainingNanos);
                }
            }
            if (closed) {
                throw new IOException("DTLS transport closed");
            }
            int length = Math.min(len, lengths[head]);
            System.arraycopy(slots[head], 0, buf, off, length);
            head = (head + 1) % capacity;
            count--;
            return length;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a datagram");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void send(byte[] buf, int off, int len) throws IOException {
        if (isClosed()) {
            throw new IOException("DTLS transport closed");
        }
        synchronized (sendLock) {
            if (!coalescing || len > sendLimit) {
                flushLocked();
                sink.send(buf, off, len);
                return;
            }
            if (pendingLength + len > sendLimit) {
                flushLocked();
            }
            if (pending == null) {
                pending = new byte[sendLimit];
            }
            System.arraycopy(buf, off, pending, pendingLength, len);
            pendingLength += len;
        }
    }

    /** Sends what is pending and from now on sends every record at once (application data must not wait). */
    void stopCoalescing() {
        synchronized (sendLock) {
            coalescing = false;
            flushLocked();
            pending = null;
        }
    }

    /**
     * Frees the buffers of empty ring slots. Called once the handshake is over (its flights filled several
     * slots) and whenever the reader goes idle: afterwards datagrams are rare (alerts, data channel records)
     * and get a slot again on arrival.
     */
    void releaseIdleSlots() {
        lock.lock();
        try {
            for (int i = count; i < slots.length; i++) {
                slots[(head + i) % slots.length] = null;
            }
        } finally {
            lock.unlock();
        }
    }

    private void flush() {
        synchronized (sendLock) {
            flushLocked();
        }
    }

    private void flushLocked() {
        if (pendingLength > 0) {
            int length = pendingLength;
            pendingLength = 0;
            sink.send(pending, 0, length);
        }
    }

    /**
     * Sends what is still pending (a final alert, typically), releases the queue memory and wakes a thread
     * blocked in {@link #receive}. Idempotent.
     */
    @Override
    public void close() {
        stopCoalescing();
        lock.lock();
        try {
            closed = true;
            count = 0;
            slots = new byte[0][];
            lengths = new int[0];
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** True when the transport is open and no datagram is queued. */
    boolean isIdle() {
        lock.lock();
        try {
            return count == 0 && !closed;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    private void countDrop() {
        lock.lock();
        try {
            dropped++;
        } finally {
            lock.unlock();
        }
    }
}
