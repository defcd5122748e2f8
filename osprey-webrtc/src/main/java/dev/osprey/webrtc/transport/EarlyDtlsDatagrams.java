package dev.osprey.webrtc.transport;

import java.util.Arrays;

/**
 * DTLS datagrams that came before the DTLS endpoint could be started, kept to be handed to it once it is.
 *
 * <p>A peer that took the DTLS client role sends its ClientHello as soon as its ICE check succeeded, which can be
 * before its answer, sent over the signalling channel, reached us: the endpoint needs that answer (role and
 * fingerprint) to start. Dropping the ClientHello would cost the peer's first retransmission timeout (1 s with
 * OpenSSL's default, libdatachannel's). Only the first few datagrams are kept (a ClientHello is at most two),
 * so a peer that floods before the answer cannot make the transport hold more than
 * {@code capacity × maxLength} bytes; all of it is released when the endpoint starts or the transport ends.
 *
 * <p>Threading: confined to the transport's event loop. Allocates only during the connection set-up.
 */
final class EarlyDtlsDatagrams {
    /** Handles one kept datagram; {@code buf[0, len)}. */
    interface Consumer {
        void accept(byte[] buf, int off, int len);
    }

    private final int capacity;
    private final int maxLength;
    private byte[][] kept;
    private int count;
    private long dropped;

    EarlyDtlsDatagrams(int capacity, int maxLength) {
        if (capacity < 1 || maxLength < 1) {
            throw new IllegalArgumentException("capacity and maxLength must be positive");
        }
        this.capacity = capacity;
        this.maxLength = maxLength;
    }

    /** Keeps a copy; false (and counted as dropped) when full or the datagram is too long. */
    boolean keep(byte[] buf, int off, int len) {
        if (count == capacity || len > maxLength || len <= 0) {
            dropped++;
            return false;
        }
        if (kept == null) {
            kept = new byte[capacity][];
        }
        kept[count++] = Arrays.copyOfRange(buf, off, off + len);
        return true;
    }

    /** Hands every kept datagram to {@code consumer} in arrival order, then forgets them. */
    void drainTo(Consumer consumer) {
        byte[][] current = kept;
        int n = count;
        clear();
        for (int i = 0; i < n; i++) {
            consumer.accept(current[i], 0, current[i].length);
        }
    }

    void clear() {
        kept = null;
        count = 0;
    }

    int size() {
        return count;
    }

    long dropped() {
        return dropped;
    }
}
