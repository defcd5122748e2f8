package dev.osprey.webrtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SctpAssociationTest {
    private static final long SECOND = 1_000_000_000L;

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void bothSidesInitiatingEstablishOneAssociation() {
        SctpPair p = new SctpPair(1).connect();
        assertThat(p.la.established).isEqualTo(1);
        assertThat(p.lb.established).isEqualTo(1);
        assertThat(p.a.outboundStreams()).isEqualTo(SctpConfig.DEFAULT_STREAMS);
        assertThat(p.a.peerSupportsPartialReliability()).isTrue();
        assertThat(p.a.send(3, 53, new byte[] {1, 2, 3}, false, -1, -1)).isEqualTo(SendResult.QUEUED);
        p.net.runFor(SECOND);
        assertThat(p.lb.messages).hasSize(1);
        assertThat(p.lb.messages.get(0).stream()).isEqualTo(3);
        assertThat(p.lb.messages.get(0).ppid()).isEqualTo(53);
        assertThat(p.lb.messages.get(0).data()).containsExactly(1, 2, 3);
    }

    @Test
    void oneSideInitiatingEstablishesToo() {
        SctpPair p = new SctpPair(2);
        p.a.start();
        assertThat(p.net.runUntil(() -> p.a.state() == SctpState.ESTABLISHED
                && p.b.state() == SctpState.ESTABLISHED, 10 * SECOND)).isTrue();
    }

    @Test
    void handshakeSurvivesLostInitsAndCookies() {
        SctpPair p = new SctpPair(3);
        p.net.loss = 0.5;
        p.a.start();
        p.b.start();
        assertThat(p.net.runUntil(() -> p.a.state() == SctpState.ESTABLISHED
                && p.b.state() == SctpState.ESTABLISHED, 120 * SECOND)).isTrue();
    }

    @Test
    void messagesQueuedBeforeEstablishmentAreDelivered() {
        SctpPair p = new SctpPair(4);
        assertThat(p.a.send(0, 51, "early".getBytes(), false, -1, -1)).isEqualTo(SendResult.QUEUED);
        p.connect();
        p.net.runFor(SECOND);
        assertThat(new String(p.lb.messages.get(0).data())).isEqualTo("early");
    }

    @Test
    void largestMessageIsFragmentedAndReassembled() {
        SctpPair p = new SctpPair(5).connect();
        byte[] big = bytes(262_144, 7);
        assertThat(p.a.send(1, 53, big, false, -1, -1)).isEqualTo(SendResult.QUEUED);
        assertThat(p.net.runUntil(() -> p.lb.messages.size() == 1, 60 * SECOND)).isTrue();
        assertThat(p.lb.messages.get(0).data()).isEqualTo(big);
        p.net.runFor(SECOND);
        assertThat(p.a.bufferedAmount()).isZero();
        assertThat(p.a.stats().messagesSent()).isEqualTo(1);
    }

    @Test
    void packetsNeverExceedTheConfiguredSize() {
        for (int size : new int[] {SctpConfig.DEFAULT_MAX_PACKET_SIZE, 600, 256}) {
            SctpPair p = new SctpPair(23, SctpConfig.webRtcDefaults().withMaxPacketSize(size),
                    SctpConfig.webRtcDefaults()).connect();
            p.a.send(1, 53, bytes(100_000, 1), false, -1, -1);
            p.a.resetStreams(1, 2, 3, 4, 5);
            p.net.runUntil(() -> p.lb.messages.size() == 1, 60 * SECOND);
            assertThat(p.largestPacketFromA).isBetween(size - 16, size);
        }
    }

    @Test
    void messagesOverThePeersLimitAreRefused() {
        SctpPair p = new SctpPair(6).connect();
        assertThat(p.a.send(1, 53, new byte[262_145], false, -1, -1)).isEqualTo(SendResult.TOO_LARGE);
        assertThat(p.a.send(70_000, 53, new byte[1], false, -1, -1)).isEqualTo(SendResult.BAD_STREAM);
    }

    @Test
    void oversizedInboundMessageAbortsTheAssociation() {
        SctpConfig small = SctpConfig.webRtcDefaults();
        small = new SctpConfig(5000, 5000, 1200, 1 << 20, 10_000, 0, 4 << 20, 65_535, small.rtoInitial(),
                small.rtoMin(), small.rtoMax(), 10, 8, small.heartbeatInterval(), small.delayedAck(), false, 20);
        SctpPair p = new SctpPair(7, SctpConfig.webRtcDefaults().withRemoteMaxMessageSize(0), small).connect();
        p.a.send(1, 53, new byte[50_000], false, -1, -1);
        p.net.runFor(5 * SECOND);
        assertThat(p.lb.closeCause).isEqualTo(CloseCause.PROTOCOL_VIOLATION);
        assertThat(p.la.closeCause).isEqualTo(CloseCause.PEER_ABORT);
        assertThat(p.lb.messages).isEmpty();
    }

    @Test
    void unorderedMessagesOvertakeALostOne() {
        SctpPair p = new SctpPair(8).connect();
        p.net.reachable[1] = false;
        p.a.send(2, 53, new byte[] {1}, true, -1, -1);
        p.net.reachable[1] = true;
        p.a.send(2, 53, new byte[] {2}, true, -1, -1);
        p.net.runUntil(() -> !p.lb.messages.isEmpty(), SECOND / 2);
        assertThat(p.lb.messages.get(0).data()).containsExactly(2);
        p.net.runUntil(() -> p.lb.messages.size() == 2, 10 * SECOND);
        assertThat(p.lb.messages.get(1).data()).containsExactly(1);
    }

    @Test
    void orderedMessagesWaitForALostOne() {
        SctpPair p = new SctpPair(9).connect();
        p.net.reachable[1] = false;
        p.a.send(2, 53, new byte[] {1}, false, -1, -1);
        p.net.reachable[1] = true;
        p.a.send(2, 53, new byte[] {2}, false, -1, -1);
        p.net.runUntil(() -> p.lb.messages.size() == 2, 10 * SECOND);
        assertThat(p.lb.messages).extracting(m -> m.data()[0]).containsExactly((byte) 1, (byte) 2);
        assertThat(p.a.stats().chunksRetransmitted()).isPositive();
    }

    @Test
    void fastRetransmitRecoversWithoutWaitingForTheTimer() {
        SctpPair p = new SctpPair(10).connect();
        p.net.reachable[1] = false;
        p.a.send(2, 53, new byte[100], false, -1, -1);
        p.net.reachable[1] = true;
        for (int i = 0; i < 8; i++) {
            p.a.send(2, 53, new byte[100], false, -1, -1);
            p.net.runFor(1_000_000L);
        }
        p.net.runUntil(() -> p.lb.messages.size() == 9, 10 * SECOND);
        assertThat(p.a.stats().fastRetransmits()).isPositive();
        assertThat(p.a.stats().timeouts()).isZero();
    }

    @Test
    void maxRetransmitsZeroAbandonsTheLostMessageAndSkipsIt() {
        SctpPair p = new SctpPair(11).connect();
        p.net.reachable[1] = false;
        p.a.send(4, 53, new byte[] {1}, false, 0, -1);
        p.net.reachable[1] = true;
        p.a.send(4, 53, new byte[] {2}, false, 0, -1);
        p.net.runFor(10 * SECOND);
        assertThat(p.lb.messages).extracting(m -> m.data()[0]).containsExactly((byte) 2);
        assertThat(p.a.stats().messagesAbandoned()).isEqualTo(1);
        assertThat(p.a.bufferedAmount()).isZero();
        p.a.send(4, 53, new byte[] {3}, false, 0, -1);
        p.net.runFor(SECOND);
        assertThat(p.lb.messages).extracting(m -> m.data()[0]).containsExactly((byte) 2, (byte) 3);
    }

    @Test
    void lifetimeExpiryAbandonsAFragmentedMessage() {
        SctpPair p = new SctpPair(12).connect();
        p.net.reachable[1] = false;
        p.a.send(6, 53, new byte[5000], false, -1, 100);
        p.net.runFor(SECOND / 2);
        p.net.reachable[1] = true;
        p.a.send(6, 53, new byte[] {9}, false, -1, -1);
        p.net.runFor(10 * SECOND);
        assertThat(p.lb.messages).hasSize(1);
        assertThat(p.lb.messages.get(0).data()).containsExactly(9);
        assertThat(p.a.stats().messagesAbandoned()).isEqualTo(1);
    }

    @Test
    void streamResetRestartsSequenceNumbersOnBothSides() {
        SctpPair p = new SctpPair(13).connect();
        p.a.send(8, 53, new byte[] {1}, false, -1, -1);
        p.a.send(8, 53, new byte[] {2}, false, -1, -1);
        assertThat(p.a.resetStreams(8)).isTrue();
        assertThat(p.a.send(8, 53, new byte[] {3}, false, -1, -1)).isEqualTo(SendResult.BAD_STREAM);
        p.net.runFor(5 * SECOND);
        assertThat(p.lb.incomingResets).hasSize(1);
        assertThat(p.lb.incomingResets.get(0)).containsExactly(8);
        assertThat(p.la.outgoingResets.get(0)).containsExactly(8);
        assertThat(p.a.send(8, 53, new byte[] {4}, false, -1, -1)).isEqualTo(SendResult.QUEUED);
        p.net.runFor(SECOND);
        assertThat(p.lb.messages).extracting(m -> m.data()[0]).containsExactly((byte) 1, (byte) 2, (byte) 4);
    }

    @Test
    void gracefulShutdownDeliversEverythingFirst() {
        SctpPair p = new SctpPair(14).connect();
        for (int i = 0; i < 50; i++) {
            p.a.send(0, 53, bytes(3000, i), false, -1, -1);
        }
        p.a.shutdown();
        assertThat(p.a.send(0, 53, new byte[1], false, -1, -1)).isEqualTo(SendResult.CLOSED);
        p.net.runUntil(() -> p.la.closeCause != null && p.lb.closeCause != null, 30 * SECOND);
        assertThat(p.lb.messages).hasSize(50);
        assertThat(p.la.closeCause).isEqualTo(CloseCause.SHUTDOWN);
        assertThat(p.lb.closeCause).isEqualTo(CloseCause.SHUTDOWN);
        assertThat(p.a.nextTimeoutNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void abortReachesThePeer() {
        SctpPair p = new SctpPair(15).connect();
        p.a.abort("bye");
        p.net.runFor(SECOND);
        assertThat(p.la.closeCause).isEqualTo(CloseCause.LOCAL_ABORT);
        assertThat(p.lb.closeCause).isEqualTo(CloseCause.PEER_ABORT);
        assertThat(p.lb.closeDetail).contains("bye");
    }

    @Test
    void deadPeerIsDetectedByHeartbeats() {
        SctpPair p = new SctpPair(16).connect();
        p.net.reachable[1] = false;
        p.net.runUntil(() -> p.la.closeCause != null, 3_600 * SECOND);
        assertThat(p.la.closeCause).isEqualTo(CloseCause.TIMEOUT);
    }

    @Test
    void unacknowledgedDataEndsTheAssociationAfterTheRetransmissionLimit() {
        SctpPair p = new SctpPair(22).connect();
        p.net.reachable[1] = false;
        p.a.send(0, 53, new byte[] {1}, false, -1, -1);
        p.net.runUntil(() -> p.la.closeCause != null, 600 * SECOND);
        assertThat(p.la.closeCause).isEqualTo(CloseCause.TIMEOUT);
        // Data timeouts and unanswered heartbeats share one error counter (RFC 9260 8.1).
        assertThat(p.a.stats().chunksRetransmitted()).isBetween(5L, 10L);
    }

    @Test
    void heartbeatsKeepAnIdleAssociationAlive() {
        SctpPair p = new SctpPair(17).connect();
        p.net.runFor(600 * SECOND);
        assertThat(p.a.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(p.b.state()).isEqualTo(SctpState.ESTABLISHED);
    }

    @Test
    void slowPeerNeverBlocksTheSenderAndDropsAreCounted() {
        SctpPair p = new SctpPair(18, SctpConfig.webRtcDefaults().withSendBufferBytes(100_000),
                SctpConfig.webRtcDefaults()).connect();
        p.net.reachable[1] = false;
        int queued = 0;
        int dropped = 0;
        for (int i = 0; i < 100; i++) {
            SendResult r = p.a.send(0, 53, new byte[10_000], false, -1, -1);
            if (r == SendResult.QUEUED) {
                queued++;
            } else {
                assertThat(r).isEqualTo(SendResult.BUFFER_FULL);
                dropped++;
            }
        }
        assertThat(queued).isEqualTo(10);
        assertThat(dropped).isEqualTo(90);
        assertThat(p.a.stats().messagesDropped()).isEqualTo(90);
        assertThat(p.a.stats().bytesDropped()).isEqualTo(900_000);
        assertThat(p.a.bufferedAmount(0)).isEqualTo(100_000);
        p.net.reachable[1] = true;
        p.net.runUntil(() -> p.lb.messages.size() == 10, 120 * SECOND);
        p.net.runFor(SECOND);
        assertThat(p.a.bufferedAmount(0)).isZero();
    }

    @Test
    void receiverWindowLimitsTheSender() {
        SctpPair p = new SctpPair(19, SctpConfig.webRtcDefaults(),
                SctpConfig.webRtcDefaults().withReceiveBufferBytes(20_000)).connect();
        for (int i = 0; i < 200; i++) {
            p.a.send(0, 53, bytes(1000, i), false, -1, -1);
        }
        assertThat(p.a.stats().flightSize()).isLessThanOrEqualTo(20_000 + 1200);
        p.net.runUntil(() -> p.lb.messages.size() == 200, 60 * SECOND);
        assertThat(p.lb.messages.get(199).data()).isEqualTo(bytes(1000, 199));
    }

    @Test
    void zeroChecksumIsUsedOnlyWhenBothSidesOfferIt() {
        SctpConfig zero = SctpConfig.webRtcDefaults().withZeroChecksumAcceptable(true);
        SctpPair p = new SctpPair(20, zero, zero).connect();
        p.a.send(0, 53, new byte[] {5}, false, -1, -1);
        p.net.runFor(SECOND);
        assertThat(p.lb.messages).hasSize(1);
        SctpPair mixed = new SctpPair(21, zero, SctpConfig.webRtcDefaults()).connect();
        mixed.a.send(0, 53, new byte[] {5}, false, -1, -1);
        mixed.net.runFor(SECOND);
        assertThat(mixed.lb.messages).hasSize(1);
        assertThat(mixed.b.stats().packetsDropped()).isZero();
    }
}
