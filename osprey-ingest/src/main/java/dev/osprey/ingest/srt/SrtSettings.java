package dev.osprey.ingest.srt;

/**
 * How the SRT listener serves callers.
 *
 * @param latencyMillis          our receiver latency (TSBPD delay); the caller's, if larger, wins
 * @param passphrase             null for no encryption; else 10 to 79 characters, and every caller
 *                               must encrypt with the same one
 * @param maxConnections         callers served at once (waiting for a decision or sending)
 * @param peerIdleTimeoutMillis  a caller that sends nothing for this long is closed
 * @param receiveBufferPackets   packets held per connection (a power of two), bounding its memory
 */
public record SrtSettings(int latencyMillis, String passphrase, int maxConnections, long peerIdleTimeoutMillis,
                          int receiveBufferPackets) {
    public static final int DEFAULT_LATENCY_MILLIS = 120;

    public SrtSettings {
        if (latencyMillis < 0 || latencyMillis > 0xFFFF) {
            throw new IllegalArgumentException("latency " + latencyMillis + " ms");
        }
        if (passphrase != null && (passphrase.length() < 10 || passphrase.length() > 79)) {
            throw new IllegalArgumentException("an SRT passphrase has 10 to 79 characters");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections " + maxConnections);
        }
        if (peerIdleTimeoutMillis < 100) {
            throw new IllegalArgumentException("peer idle timeout " + peerIdleTimeoutMillis + " ms");
        }
        if (receiveBufferPackets < 32 || Integer.bitCount(receiveBufferPackets) != 1 || receiveBufferPackets > 1 << 16) {
            throw new IllegalArgumentException("receive buffer of " + receiveBufferPackets + " packets: a power of two, 32 to 65536");
        }
    }

    /** 120 ms, no passphrase, 100 connections, 5 s idle timeout, 8192 packets. */
    public static SrtSettings defaults() {
        return new SrtSettings(DEFAULT_LATENCY_MILLIS, null, 100, 5_000, 8192);
    }

    public SrtSettings withLatencyMillis(int latency) {
        return new SrtSettings(latency, passphrase, maxConnections, peerIdleTimeoutMillis, receiveBufferPackets);
    }

    public SrtSettings withPassphrase(String secret) {
        return new SrtSettings(latencyMillis, secret, maxConnections, peerIdleTimeoutMillis, receiveBufferPackets);
    }

    public SrtSettings withMaxConnections(int max) {
        return new SrtSettings(latencyMillis, passphrase, max, peerIdleTimeoutMillis, receiveBufferPackets);
    }

    public SrtSettings withPeerIdleTimeoutMillis(long timeout) {
        return new SrtSettings(latencyMillis, passphrase, maxConnections, timeout, receiveBufferPackets);
    }

    @Override
    public String toString() {
        return "SrtSettings[latency=" + latencyMillis + " ms, encrypted=" + (passphrase != null)
                + ", maxConnections=" + maxConnections + ", idle=" + peerIdleTimeoutMillis + " ms, buffer="
                + receiveBufferPackets + "]";
    }
}
