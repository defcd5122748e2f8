package dev.osprey.webrtc.sctp;

/**
 * A snapshot of one association's counters.
 *
 * @param packetsReceived        packets that passed checksum and tag checks
 * @param packetsDropped         packets dropped: bad framing, checksum, port or verification tag
 * @param packetsSent            packets handed to the sink
 * @param messagesSent           user messages fully acknowledged by the peer
 * @param messagesReceived       user messages delivered to the listener
 * @param messagesDropped        sends refused because the send buffer was full
 * @param bytesDropped           payload bytes of those refused sends
 * @param messagesAbandoned      partially reliable messages given up (RFC 3758)
 * @param chunksRetransmitted    DATA chunks sent again (timeout or fast retransmit)
 * @param fastRetransmits        fast retransmit events
 * @param timeouts               retransmission timer expiries
 * @param dataChunksDropped      inbound DATA chunks dropped (window exceeded, out of range)
 * @param initsIgnored           INIT chunks dropped (rate limit, wrong state)
 * @param bufferedBytes          outgoing payload queued or awaiting acknowledgement
 * @param receiveBufferedBytes   inbound payload held for reassembly or ordering
 * @param flightSize             bytes in flight
 * @param congestionWindow       current cwnd in bytes
 * @param rtoMillis              current retransmission timeout
 */
public record SctpStats(
        long packetsReceived,
        long packetsDropped,
        long packetsSent,
        long messagesSent,
        long messagesReceived,
        long messagesDropped,
        long bytesDropped,
        long messagesAbandoned,
        long chunksRetransmitted,
        long fastRetransmits,
        long timeouts,
        long dataChunksDropped,
        long initsIgnored,
        long bufferedBytes,
        long receiveBufferedBytes,
        long flightSize,
        long congestionWindow,
        long rtoMillis) {
}
