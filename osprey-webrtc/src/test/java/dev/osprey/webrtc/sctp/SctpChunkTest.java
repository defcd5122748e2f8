package dev.osprey.webrtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each chunk type against a hand-driven peer: exact bytes out, exact state and events. */
class SctpChunkTest {
    private static final long MS = 1_000_000L;

    @Test
    void checksumIsCrc32cStoredLeastSignificantByteFirst() {
        // RFC 3720 B.4: CRC32c of 32 zero bytes is 0x8A9136AA; RFC 4960 appendix B stores byte0 = crc & 0xFF first.
        byte[] p = new byte[32];
        int crc = new SctpChecksum().compute(p, 0, p.length);
        assertThat(crc).isEqualTo(0x8A9136AA);
        SctpChecksum.store(p, 0, crc);
        assertThat(HexFormat.of().formatHex(p, 8, 12)).isEqualTo("aa36918a");
    }

    @Test
    void startSendsInitWithZeroTagAndWebRtcParameters() {
        RawPeer peer = new RawPeer();
        peer.association.start();
        byte[] packet = peer.sent.get(0);
        assertThat(RawPeer.vtag(packet)).isZero();
        assertThat(new SctpChecksum().compute(packet, 0, packet.length)).isEqualTo(SctpChecksum.stored(packet, 0));
        List<RawPeer.Chunk> chunks = RawPeer.chunks(packet);
        assertThat(chunks).hasSize(1);
        ByteBuffer v = chunks.get(0).buf();
        assertThat(chunks.get(0).type()).isEqualTo(1);
        assertThat(v.getInt(0)).isNotZero();
        assertThat(v.getInt(4)).isEqualTo(1 << 20);
        assertThat(v.getShort(8) & 0xFFFF).isEqualTo(SctpConfig.DEFAULT_STREAMS);
        assertThat(v.getShort(10) & 0xFFFF).isEqualTo(SctpConfig.DEFAULT_STREAMS);
        // Supported extensions RE-CONFIG + FORWARD-TSN, then Forward-TSN-Supported.
        assertThat(HexFormat.of().formatHex(chunks.get(0).value(), 16, 28)).isEqualTo("8008000682c00000c0000004");
        assertThat(peer.association.state()).isEqualTo(SctpState.COOKIE_WAIT);
    }

    @Test
    void initAckAnswersWithACookieAndCreatesNoState() {
        RawPeer peer = new RawPeer();
        peer.deliver(0, RawPeer.chunk(1, 0, RawPeer.initValue(peer.peerTag, 1000, RawPeer.extensions())));
        byte[] packet = peer.sent.get(0);
        assertThat(RawPeer.vtag(packet)).isEqualTo(peer.peerTag);
        RawPeer.Chunk initAck = RawPeer.chunks(packet).get(0);
        assertThat(initAck.type()).isEqualTo(2);
        assertThat(RawPeer.cookieOf(initAck)).hasSize(StateCookie.LENGTH);
        assertThat(peer.association.state()).isEqualTo(SctpState.CLOSED);
    }

    @Test
    void cookieEchoEstablishesAndATamperedCookieIsIgnored() {
        RawPeer peer = new RawPeer();
        peer.deliver(0, RawPeer.chunk(1, 0, RawPeer.initValue(peer.peerTag, 1000, RawPeer.extensions())));
        RawPeer.Chunk initAck = peer.take(2).get(0);
        int tag = initAck.buf().getInt(0);
        byte[] cookie = RawPeer.cookieOf(initAck);
        byte[] forged = cookie.clone();
        forged[5] ^= 1;
        peer.deliver(tag, RawPeer.chunk(10, 0, forged));
        assertThat(peer.sent).isEmpty();
        assertThat(peer.association.state()).isEqualTo(SctpState.CLOSED);
        peer.deliver(tag, RawPeer.chunk(10, 0, cookie));
        List<RawPeer.Chunk> acks = peer.take(11);
        assertThat(acks).hasSize(1);
        assertThat(peer.listener.established).isEqualTo(1);
        assertThat(peer.association.outboundStreams()).isEqualTo(1024);
    }

    @Test
    void staleCookieIsIgnored() {
        RawPeer peer = new RawPeer();
        peer.deliver(0, RawPeer.chunk(1, 0, RawPeer.initValue(peer.peerTag, 1000, RawPeer.extensions())));
        RawPeer.Chunk initAck = peer.take(2).get(0);
        peer.clock[0] += 61_000 * MS;
        peer.deliver(initAck.buf().getInt(0), RawPeer.chunk(10, 0, RawPeer.cookieOf(initAck)));
        assertThat(peer.association.state()).isEqualTo(SctpState.CLOSED);
    }

    @Test
    void initAckToOurInitIsAnsweredWithTheExactCookie() {
        RawPeer peer = new RawPeer();
        peer.association.start();
        int ourTag = RawPeer.chunks(peer.sent.get(0)).get(0).buf().getInt(0);
        peer.sent.clear();
        byte[] cookie = "opaque-cookie-bytes!".getBytes();
        peer.deliver(ourTag, RawPeer.chunk(2, 0, RawPeer.initValue(peer.peerTag, 1000, RawPeer.param(7, cookie))));
        byte[] echo = peer.sent.get(0);
        assertThat(RawPeer.vtag(echo)).isEqualTo(peer.peerTag);
        assertThat(RawPeer.chunks(echo).get(0).type()).isEqualTo(10);
        assertThat(RawPeer.chunks(echo).get(0).value()).isEqualTo(cookie);
        assertThat(peer.association.state()).isEqualTo(SctpState.COOKIE_ECHOED);
        peer.deliver(ourTag, RawPeer.chunk(11, 0, new byte[0]));
        assertThat(peer.association.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(peer.association.peerSupportsPartialReliability()).isFalse();
    }

    @Test
    void initIsRetransmittedWithBackOffThenGivesUp() {
        RawPeer peer = new RawPeer();
        peer.association.start();
        peer.advance(1000 * MS);
        assertThat(peer.take(1)).hasSize(2);
        for (int i = 0; i < 20; i++) {
            peer.advance(10_000 * MS);
        }
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.TIMEOUT);
    }

    @Test
    void singleDataPacketIsAcknowledgedAfterTheDelayedAckTimer() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "hi".getBytes()));
        assertThat(peer.listener.messages).hasSize(1);
        assertThat(peer.take(3)).isEmpty();
        peer.advance(199 * MS);
        assertThat(peer.take(3)).isEmpty();
        peer.advance(1 * MS);
        List<RawPeer.Chunk> sacks = peer.take(3);
        assertThat(sacks).hasSize(1);
        assertThat(HexFormat.of().formatHex(sacks.get(0).value()))
                .isEqualTo("000003e8" + "00100000" + "0000" + "0000");
    }

    @Test
    void aPeerAskingForAllStreamsGetsOurLimitAndDataBeyondItIsAcknowledgedAndDropped() {
        RawPeer peer = new RawPeer().established(65_535);
        assertThat(peer.association.inboundStreams()).isEqualTo(SctpConfig.DEFAULT_STREAMS);
        assertThat(peer.association.outboundStreams()).isEqualTo(SctpConfig.DEFAULT_STREAMS);

        for (int i = 0; i < 10_000; i++) {
            int stream = SctpConfig.DEFAULT_STREAMS + i % (65_535 - SctpConfig.DEFAULT_STREAMS);
            peer.deliver(peer.associationTag, RawPeer.data(1000 + i, stream, 0, 51, 3, "x".getBytes()));
        }
        peer.deliver(peer.associationTag, RawPeer.data(11_000, 7, 0, 51, 3, "in range".getBytes()));

        assertThat(peer.listener.messages).extracting(RecordingSctpListener.Message::stream).containsExactly(7);
        assertThat(peer.association.stats().dataChunksDropped()).isEqualTo(10_000);
        peer.advance(200 * MS);
        List<RawPeer.Chunk> sacks = peer.take(3);
        assertThat(sacks.get(sacks.size() - 1).buf().getInt(0)).as("everything acknowledged").isEqualTo(11_000);
        assertThat(peer.association.state()).isEqualTo(SctpState.ESTABLISHED);
    }

    @Test
    void secondDataPacketIsAcknowledgedAtOnce() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "a".getBytes()));
        peer.deliver(peer.associationTag, RawPeer.data(1001, 1, 1, 51, 3, "b".getBytes()));
        List<RawPeer.Chunk> sacks = peer.take(3);
        assertThat(sacks).hasSize(1);
        assertThat(sacks.get(0).buf().getInt(0)).isEqualTo(1001);
    }

    @Test
    void gapsAndDuplicatesAreReportedAtOnce() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "a".getBytes()));
        peer.deliver(peer.associationTag, RawPeer.data(1002, 1, 2, 51, 3, "c".getBytes()),
                RawPeer.data(1003, 1, 3, 51, 3, "d".getBytes()), RawPeer.data(1005, 1, 5, 51, 3, "f".getBytes()));
        List<RawPeer.Chunk> sacks = peer.take(3);
        assertThat(HexFormat.of().formatHex(sacks.get(0).value()))
                .isEqualTo("000003e8" + "000ffffd" + "0002" + "0000" + "00020003" + "00050005");
        assertThat(peer.listener.messages).hasSize(1);
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "a".getBytes()));
        sacks = peer.take(3);
        assertThat(HexFormat.of().formatHex(sacks.get(0).value()))
                .isEqualTo("000003e8" + "000ffffd" + "0002" + "0001" + "00020003" + "00050005" + "000003e8");
        peer.deliver(peer.associationTag, RawPeer.data(1001, 1, 1, 51, 3, "b".getBytes()));
        assertThat(peer.listener.messages).extracting(m -> new String(m.data())).containsExactly("a", "b", "c", "d");
    }

    @Test
    void fragmentsAreJoinedAndUnorderedOnesDeliveredAtOnce() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        peer.deliver(t, RawPeer.data(1000, 2, 0, 53, 2, new byte[] {1, 2}));
        peer.deliver(t, RawPeer.data(1002, 2, 0, 53, 1, new byte[] {5}));
        peer.deliver(t, RawPeer.data(1003, 3, 0, 53, 7, new byte[] {9}));
        assertThat(peer.listener.messages).hasSize(1);
        assertThat(peer.listener.messages.get(0).data()).containsExactly(9);
        peer.deliver(t, RawPeer.data(1001, 2, 0, 53, 0, new byte[] {3, 4}));
        assertThat(peer.listener.messages).hasSize(2);
        assertThat(peer.listener.messages.get(1).data()).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void emptyDataChunkAbortsWithProtocolViolation() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, new byte[0]));
        List<RawPeer.Chunk> aborts = peer.take(6);
        assertThat(aborts).hasSize(1);
        assertThat(aborts.get(0).buf().getShort(0)).isEqualTo((short) 13);
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.PROTOCOL_VIOLATION);
    }

    @Test
    void sackReleasesDataAndThreeMissReportsTriggerFastRetransmit() {
        RawPeer peer = new RawPeer().established();
        int first = peer.associationTsn;
        for (int i = 0; i < 3; i++) {
            peer.association.send(1, 53, new byte[] {(byte) i}, false, -1, -1);
        }
        assertThat(peer.take(0)).hasSize(3);
        peer.deliver(peer.associationTag, RawPeer.sack(first - 1, 1 << 20, new int[][] {{2, 2}}));
        peer.deliver(peer.associationTag, RawPeer.sack(first - 1, 1 << 20, new int[][] {{2, 3}}));
        assertThat(peer.take(0)).isEmpty();
        peer.association.send(1, 53, new byte[] {3}, false, -1, -1);
        assertThat(peer.take(0)).hasSize(1);
        peer.deliver(peer.associationTag, RawPeer.sack(first - 1, 1 << 20, new int[][] {{2, 4}}));
        List<RawPeer.Chunk> again = peer.take(0);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).buf().getInt(0)).isEqualTo(first);
        assertThat(peer.association.stats().fastRetransmits()).isEqualTo(1);
        peer.deliver(peer.associationTag, RawPeer.sack(first + 3, 1 << 20, new int[0][]));
        assertThat(peer.association.bufferedAmount()).isZero();
        assertThat(peer.association.stats().messagesSent()).isEqualTo(4);
        assertThat(peer.association.nextTimeoutNanos()).isGreaterThan(peer.clock[0] + 10_000 * MS);
    }

    @Test
    void retransmissionTimerResendsUnacknowledgedData() {
        RawPeer peer = new RawPeer().established();
        peer.association.send(1, 53, new byte[] {42}, false, -1, -1);
        RawPeer.Chunk first = peer.take(0).get(0);
        peer.advance(999 * MS);
        assertThat(peer.take(0)).isEmpty();
        peer.advance(1 * MS);
        List<RawPeer.Chunk> again = peer.take(0);
        assertThat(again).hasSize(1);
        assertThat(again.get(0).value()).isEqualTo(first.value());
        peer.advance(1999 * MS);
        assertThat(peer.take(0)).isEmpty();
        peer.advance(1 * MS);
        assertThat(peer.take(0)).hasSize(1);
    }

    @Test
    void heartbeatIsEchoedByteForByte() {
        RawPeer peer = new RawPeer().established();
        byte[] info = RawPeer.param(1, "any opaque info".getBytes());
        peer.deliver(peer.associationTag, RawPeer.chunk(4, 0, info));
        List<RawPeer.Chunk> acks = peer.take(5);
        assertThat(acks).hasSize(1);
        assertThat(acks.get(0).value()).isEqualTo(info);
    }

    @Test
    void abortNeedsTheRightTag() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag + 1, RawPeer.chunk(6, 0, new byte[0]));
        assertThat(peer.association.state()).isEqualTo(SctpState.ESTABLISHED);
        peer.deliver(peer.associationTag, RawPeer.chunk(6, 1, new byte[0]));
        assertThat(peer.association.state()).isEqualTo(SctpState.ESTABLISHED);
        peer.deliver(peer.peerTag, RawPeer.chunk(6, 1, new byte[0]));
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.PEER_ABORT);
    }

    @Test
    void shutdownIsAnsweredAndCompleted() {
        RawPeer peer = new RawPeer().established();
        peer.deliver(peer.associationTag, RawPeer.chunk(7, 0, ByteBuffer.allocate(4).putInt(999).array()));
        assertThat(peer.take(8)).hasSize(1);
        assertThat(peer.association.state()).isEqualTo(SctpState.SHUTDOWN_ACK_SENT);
        peer.deliver(peer.associationTag, RawPeer.chunk(14, 0, new byte[0]));
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.SHUTDOWN);
    }

    @Test
    void localShutdownSendsShutdownAndCompletesOnShutdownAck() {
        RawPeer peer = new RawPeer().established();
        peer.association.shutdown();
        List<RawPeer.Chunk> shutdowns = peer.take(7);
        assertThat(shutdowns).hasSize(1);
        assertThat(shutdowns.get(0).buf().getInt(0)).isEqualTo(peer.peerInitialTsn - 1);
        peer.deliver(peer.associationTag, RawPeer.chunk(8, 0, new byte[0]));
        assertThat(peer.take(14)).hasSize(1);
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.SHUTDOWN);
    }

    @Test
    void forwardTsnSkipsAbandonedMessages() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        peer.deliver(t, RawPeer.data(1001, 4, 1, 53, 3, new byte[] {2}));
        assertThat(peer.listener.messages).isEmpty();
        peer.take(3);
        byte[] fwd = ByteBuffer.allocate(8).putInt(1000).putShort((short) 4).putShort((short) 0).array();
        peer.deliver(t, RawPeer.chunk(192, 0, fwd));
        assertThat(peer.listener.messages).extracting(m -> m.data()[0]).containsExactly((byte) 2);
        List<RawPeer.Chunk> sacks = peer.take(3);
        assertThat(sacks.get(sacks.size() - 1).buf().getInt(0)).isEqualTo(1001);
    }

    @Test
    void forwardTsnKeepsFragmentsReceivedBeyondIt() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        // TSN 1000 (SSN 0) was abandoned by the peer; 1001 starts the next message, whose end comes later.
        peer.deliver(t, RawPeer.data(1001, 2, 1, 53, 2, new byte[] {1}));
        byte[] fwd = ByteBuffer.allocate(8).putInt(1000).putShort((short) 2).putShort((short) 0).array();
        peer.deliver(t, RawPeer.chunk(192, 0, fwd));
        peer.deliver(t, RawPeer.data(1002, 2, 1, 53, 1, new byte[] {2}));
        assertThat(peer.listener.messages).hasSize(1);
        assertThat(peer.listener.messages.get(0).data()).containsExactly(1, 2);
    }

    @Test
    void outgoingResetRequestIsPerformedOnceItsDataArrived() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        byte[] request = RawPeer.param(13, ByteBuffer.allocate(14).putInt(peer.peerInitialTsn).putInt(0)
                .putInt(1000).putShort((short) 6).array());
        peer.deliver(t, RawPeer.chunk(130, 0, request));
        RawPeer.Chunk response = peer.take(130).get(0);
        assertThat(HexFormat.of().formatHex(response.value())).isEqualTo("0010000c" + "000003e8" + "00000006");
        assertThat(peer.listener.incomingResets).isEmpty();
        // The missing TSN arrives: the reset is performed and answered without waiting for a retry.
        peer.deliver(t, RawPeer.data(1000, 6, 0, 53, 3, new byte[] {1}));
        response = peer.take(130).get(0);
        assertThat(HexFormat.of().formatHex(response.value())).isEqualTo("0010000c" + "000003e8" + "00000001");
        assertThat(peer.listener.incomingResets).hasSize(1);
        assertThat(peer.listener.incomingResets.get(0)).containsExactly(6);
        // A retransmitted request gets the same answer and resets nothing twice.
        peer.deliver(t, RawPeer.chunk(130, 0, request));
        response = peer.take(130).get(0);
        assertThat(HexFormat.of().formatHex(response.value())).isEqualTo("0010000c" + "000003e8" + "00000001");
        assertThat(peer.listener.incomingResets).hasSize(1);
        // The stream starts again at SSN 0.
        peer.deliver(t, RawPeer.data(1001, 6, 0, 53, 3, new byte[] {2}));
        assertThat(peer.listener.messages).extracting(m -> m.data()[0]).containsExactly((byte) 1, (byte) 2);
    }

    @Test
    void resetRequestWithAWrongSequenceNumberIsRefused() {
        RawPeer peer = new RawPeer().established();
        byte[] request = RawPeer.param(13, ByteBuffer.allocate(14).putInt(peer.peerInitialTsn + 5).putInt(0)
                .putInt(999).putShort((short) 6).array());
        peer.deliver(peer.associationTag, RawPeer.chunk(130, 0, request));
        RawPeer.Chunk response = peer.take(130).get(0);
        assertThat(response.buf().getInt(8)).isEqualTo(5);
        assertThat(peer.listener.incomingResets).isEmpty();
    }

    @Test
    void ourResetRequestCarriesStreamsAndCompletesOnSuccess() {
        RawPeer peer = new RawPeer().established();
        assertThat(peer.association.resetStreams(5, 7)).isTrue();
        RawPeer.Chunk request = peer.take(130).get(0);
        ByteBuffer v = request.buf();
        assertThat(v.getShort(0)).isEqualTo((short) 13);
        assertThat(v.getShort(2)).isEqualTo((short) 20);
        assertThat(v.getInt(4)).isEqualTo(peer.associationTsn);
        assertThat(v.getInt(12)).isEqualTo(peer.associationTsn - 1);
        assertThat(v.getShort(16)).isEqualTo((short) 5);
        assertThat(v.getShort(18)).isEqualTo((short) 7);
        byte[] ok = RawPeer.param(16, ByteBuffer.allocate(8).putInt(peer.associationTsn).putInt(1).array());
        peer.deliver(peer.associationTag, RawPeer.chunk(130, 0, ok));
        assertThat(peer.listener.outgoingResets.get(0)).containsExactly(5, 7);
    }

    @Test
    void badChecksumWrongTagAndWrongPortAreDropped() {
        RawPeer peer = new RawPeer().established();
        byte[] good = peer.packet(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "x".getBytes()));
        byte[] badSum = good.clone();
        badSum[8] ^= 1;
        byte[] badTag = peer.packet(peer.associationTag ^ 1, RawPeer.data(1000, 1, 0, 51, 3, "x".getBytes()));
        byte[] badPort = good.clone();
        badPort[3] = 1;
        SctpChecksum.store(badPort, 0, new SctpChecksum().compute(badPort, 0, badPort.length));
        peer.deliver(badSum);
        peer.deliver(badTag);
        peer.deliver(badPort);
        peer.deliver(new byte[] {1, 2, 3});
        assertThat(peer.listener.messages).isEmpty();
        assertThat(peer.association.stats().packetsDropped()).isEqualTo(4);
        peer.deliver(good);
        assertThat(peer.listener.messages).hasSize(1);
    }

    @Test
    void zeroChecksumIsAcceptedOnlyWhenOffered() {
        RawPeer strict = new RawPeer().established();
        byte[] p = strict.packet(strict.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "x".getBytes()));
        SctpChecksum.store(p, 0, 0);
        strict.deliver(p);
        assertThat(strict.listener.messages).isEmpty();
        RawPeer lenient = new RawPeer(SctpConfig.webRtcDefaults().withZeroChecksumAcceptable(true)).established();
        p = lenient.packet(lenient.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "x".getBytes()));
        SctpChecksum.store(p, 0, 0);
        lenient.deliver(p);
        assertThat(lenient.listener.messages).hasSize(1);
    }

    @Test
    void unknownChunkTypesFollowTheirActionBits() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        peer.deliver(t, RawPeer.chunk(0x3F, 0, new byte[4]), RawPeer.data(1000, 1, 0, 51, 3, "a".getBytes()));
        assertThat(peer.listener.messages).isEmpty();
        peer.deliver(t, RawPeer.chunk(0xBF, 0, new byte[4]), RawPeer.data(1000, 1, 0, 51, 3, "a".getBytes()));
        assertThat(peer.listener.messages).hasSize(1);
    }

    @Test
    void initFloodIsRateLimitedAndAnEstablishedAssociationIgnoresInits() {
        RawPeer peer = new RawPeer();
        for (int i = 0; i < 1000; i++) {
            peer.deliver(0, RawPeer.chunk(1, 0, RawPeer.initValue(i + 1, i, RawPeer.extensions())));
        }
        assertThat(peer.take(2)).hasSize(20);
        assertThat(peer.association.stats().initsIgnored()).isEqualTo(980);
        peer.clock[0] += 1_000 * MS;
        peer.established();
        for (int i = 0; i < 1000; i++) {
            peer.deliver(0, RawPeer.chunk(1, 0, RawPeer.initValue(i + 1, i, RawPeer.extensions())));
        }
        assertThat(peer.take(2)).isEmpty();
        peer.deliver(peer.associationTag, RawPeer.data(1000, 1, 0, 51, 3, "still".getBytes()));
        assertThat(peer.listener.messages).hasSize(1);
    }

    @Test
    void reassemblyBombAbortsBeforeMemoryGrows() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        byte[] part = new byte[1100];
        peer.deliver(t, RawPeer.data(1000, 1, 0, 53, 2, part));
        int tsn = 1001;
        while (peer.association.state() == SctpState.ESTABLISHED && tsn < 100_000) {
            peer.deliver(t, RawPeer.data(tsn++, 1, 0, 53, 0, part));
        }
        assertThat(peer.listener.closeCause).isEqualTo(CloseCause.PROTOCOL_VIOLATION);
        assertThat((long) (tsn - 1000) * part.length).isLessThan(262_144 + 2 * part.length);
    }

    @Test
    void fragmentsWithoutABeginningAreBoundedByTheReceiveWindow() {
        RawPeer peer = new RawPeer().established();
        int t = peer.associationTag;
        byte[] part = new byte[1100];
        // TSN 1000 (the beginning) never arrives: middle fragments pile up until the window is full.
        for (int tsn = 1001; tsn < 3000; tsn++) {
            peer.deliver(t, RawPeer.data(tsn, 1, 0, 53, 0, part));
        }
        assertThat(peer.association.stats().receiveBufferedBytes()).isLessThanOrEqualTo(1 << 20);
        assertThat(peer.association.stats().dataChunksDropped()).isPositive();
        peer.deliver(t, RawPeer.data(5_000_000, 1, 0, 53, 3, part));
        assertThat(peer.association.stats().receiveBufferedBytes()).isLessThanOrEqualTo(1 << 20);
    }
}
