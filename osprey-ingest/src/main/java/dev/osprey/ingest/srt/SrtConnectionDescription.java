package dev.osprey.ingest.srt;

import java.net.InetSocketAddress;

/**
 * What a caller's conclusion and this listener agreed on.
 *
 * @param socketId             the socket id we gave the caller (its data is addressed to it)
 * @param peerSocketId         the caller's socket id (ours to it are addressed to it)
 * @param initialSequence      the caller's first data sequence number
 * @param receiveLatencyMillis the TSBPD delay of what the caller sends: max(ours, its send latency)
 * @param sendLatencyMillis    max(ours, its receive latency): told back, unused as we send no data
 */
record SrtConnectionDescription(int socketId, int peerSocketId, InetSocketAddress remote, String streamId,
                                int initialSequence, int receiveLatencyMillis, int sendLatencyMillis,
                                boolean encrypted) {
}
