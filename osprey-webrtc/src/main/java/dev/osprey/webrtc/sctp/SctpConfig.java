package dev.osprey.webrtc.sctp;

import java.time.Duration;

/**
 * Settings of one association. {@link #webRtcDefaults()} gives what browsers expect: port 5000 on both sides
 * ({@code a=sctp-port}), max-message-size 262144 ({@code a=max-message-size}), and {@link #DEFAULT_STREAMS}
 * streams each way.
 *
 * @param localPort              our SCTP port (SDP {@code a=sctp-port} we sent)
 * @param remotePort             the peer's SCTP port (its {@code a=sctp-port})
 * @param maxPacketSize          largest SCTP packet we send; must not exceed the DTLS endpoint's
 *                               {@code maxApplicationDataLength()} (its plaintext limit per record). The default
 *                               1100 fits a 1200-byte datagram whatever the DTLS cipher suite's record overhead
 * @param receiveBufferBytes     receive window we advertise; inbound data beyond it is dropped
 * @param maxInboundMessageSize  largest message we accept (the max-message-size we advertise in SDP)
 * @param remoteMaxMessageSize   the peer's max-message-size from its SDP (0 = no limit); larger sends fail
 * @param sendBufferBytes        bound on queued plus unacknowledged outgoing payload; beyond it sends are dropped
 * @param streams                outbound streams requested and inbound streams accepted: the peer's INIT
 *                               cannot raise the inbound count above it
 * @param rtoInitial             initial retransmission timeout
 * @param rtoMin                 lower bound of the retransmission timeout
 * @param rtoMax                 upper bound of the retransmission timeout
 * @param maxRetransmissions     consecutive timeouts (data, heartbeat, shutdown) before the peer is declared gone
 * @param maxInitRetransmissions INIT / COOKIE ECHO retransmissions before giving up
 * @param heartbeatInterval      interval of HEARTBEAT probes while established
 * @param delayedAck             how long a SACK may wait for a second DATA packet
 * @param zeroChecksumAcceptable offer RFC 9653 zero checksums (safe over DTLS); CRC32c is always verified
 *                               on packets that carry a non-zero checksum
 * @param maxInitAcksPerSecond   INIT ACK replies allowed per second (INIT flood protection)
 */
public record SctpConfig(
        int localPort,
        int remotePort,
        int maxPacketSize,
        int receiveBufferBytes,
        int maxInboundMessageSize,
        long remoteMaxMessageSize,
        long sendBufferBytes,
        int streams,
        Duration rtoInitial,
        Duration rtoMin,
        Duration rtoMax,
        int maxRetransmissions,
        int maxInitRetransmissions,
        Duration heartbeatInterval,
        Duration delayedAck,
        boolean zeroChecksumAcceptable,
        int maxInitAcksPerSecond) {

    public static final int WEBRTC_PORT = 5000;
    public static final int DEFAULT_MAX_MESSAGE_SIZE = 262_144;
    public static final int DEFAULT_MAX_PACKET_SIZE = 1100;
    /**
     * Streams each way unless configured otherwise: one data channel needs one stream id, browsers take
     * the lowest free ones, and an application with a thousand channels at once is rare; a peer cannot
     * make the association keep state for more (browsers ask for 65535).
     */
    public static final int DEFAULT_STREAMS = 1024;

    public SctpConfig {
        if (maxPacketSize < 256 || maxPacketSize > 65_535) {
            throw new IllegalArgumentException("maxPacketSize " + maxPacketSize);
        }
        if (receiveBufferBytes < 1500 || maxInboundMessageSize < 1 || sendBufferBytes < 1) {
            throw new IllegalArgumentException("buffer sizes must be positive");
        }
        if (streams < 1 || streams > 65_535) {
            throw new IllegalArgumentException("streams " + streams);
        }
    }

    public static SctpConfig webRtcDefaults() {
        return new SctpConfig(WEBRTC_PORT, WEBRTC_PORT, DEFAULT_MAX_PACKET_SIZE, 1 << 20, DEFAULT_MAX_MESSAGE_SIZE,
                DEFAULT_MAX_MESSAGE_SIZE, 4L << 20, DEFAULT_STREAMS,
                Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10),
                10, 8, Duration.ofSeconds(30), Duration.ofMillis(200), false, 20);
    }

    public SctpConfig withPorts(int local, int remote) {
        return new SctpConfig(local, remote, maxPacketSize, receiveBufferBytes, maxInboundMessageSize,
                remoteMaxMessageSize, sendBufferBytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, zeroChecksumAcceptable, maxInitAcksPerSecond);
    }

    /** E.g. {@code dtlsEndpoint.maxApplicationDataLength()} once the handshake completed. */
    public SctpConfig withMaxPacketSize(int size) {
        return new SctpConfig(localPort, remotePort, size, receiveBufferBytes, maxInboundMessageSize,
                remoteMaxMessageSize, sendBufferBytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, zeroChecksumAcceptable, maxInitAcksPerSecond);
    }

    public SctpConfig withRemoteMaxMessageSize(long size) {
        return new SctpConfig(localPort, remotePort, maxPacketSize, receiveBufferBytes, maxInboundMessageSize,
                size, sendBufferBytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, zeroChecksumAcceptable, maxInitAcksPerSecond);
    }

    public SctpConfig withSendBufferBytes(long bytes) {
        return new SctpConfig(localPort, remotePort, maxPacketSize, receiveBufferBytes, maxInboundMessageSize,
                remoteMaxMessageSize, bytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, zeroChecksumAcceptable, maxInitAcksPerSecond);
    }

    public SctpConfig withReceiveBufferBytes(int bytes) {
        return new SctpConfig(localPort, remotePort, maxPacketSize, bytes, maxInboundMessageSize,
                remoteMaxMessageSize, sendBufferBytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, zeroChecksumAcceptable, maxInitAcksPerSecond);
    }

    public SctpConfig withZeroChecksumAcceptable(boolean acceptable) {
        return new SctpConfig(localPort, remotePort, maxPacketSize, receiveBufferBytes, maxInboundMessageSize,
                remoteMaxMessageSize, sendBufferBytes, streams, rtoInitial, rtoMin, rtoMax, maxRetransmissions,
                maxInitRetransmissions, heartbeatInterval, delayedAck, acceptable, maxInitAcksPerSecond);
    }
}
