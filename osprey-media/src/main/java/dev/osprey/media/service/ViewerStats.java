package dev.osprey.media.service;

import java.net.InetSocketAddress;

/**
 * A snapshot of one connected viewer's leg, taken on the media loop.
 *
 * @param viewerId          the viewer session's id (decimal, unique in the process)
 * @param remoteAddress     the address its media comes from, or {@code null} before ICE selected one
 * @param targetBitrate     the viewer's own bandwidth estimate (REMB), bit/s, or -1 when it sent none
 * @param videoBitrate      video sent over the last second, bit/s
 * @param audioBitrate      audio sent over the last second, bit/s
 * @param videoPackets      video RTP packets sent (retransmissions excluded)
 * @param audioPackets      audio RTP packets sent
 * @param videoPayloadBytes video RTP payload octets sent
 * @param audioPayloadBytes audio RTP payload octets sent
 * @param nacks             generic NACK packets the viewer sent
 * @param plis              PLI packets the viewer sent
 * @param firs              FIR packets the viewer sent
 * @param retransmissions   packets resent in answer to NACKs
 * @param fractionLost      loss of the viewer's last receiver report, 0..255 = 0..100 %
 * @param takenAtMillis     wall-clock time of the snapshot
 */
public record ViewerStats(String viewerId, InetSocketAddress remoteAddress, long targetBitrate, long videoBitrate,
                          long audioBitrate, long videoPackets, long audioPackets, long videoPayloadBytes,
                          long audioPayloadBytes, long nacks, long plis, long firs, long retransmissions,
                          int fractionLost, long takenAtMillis) {
}
