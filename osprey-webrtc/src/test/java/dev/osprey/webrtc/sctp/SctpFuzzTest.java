package dev.osprey.webrtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 10,000 mutated packets, taken from a real exchange and re-checksummed so they reach the chunk parsers, go into a
 * live association: no exception escapes and held memory stays within the configured buffers.
 */
class SctpFuzzTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void mutatedPacketsNeverEscapeAsExceptionsAndMemoryStaysBounded() {
        // Capture realistic packets (handshake, data, fragments, SACKs, resets, FORWARD TSN) from a lossy run.
        List<byte[]> corpus = new ArrayList<>();
        SctpPair source = new SctpPair(5);
        VirtualNetwork.Endpoint realB = VirtualNetwork.of(source.b);
        source.net.attach(1, new VirtualNetwork.Endpoint() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
                corpus.add(java.util.Arrays.copyOfRange(buf, off, off + len));
                realB.onPacket(buf, off, len);
            }

            @Override
            public void tick(long nowNanos) {
                realB.tick(nowNanos);
            }

            @Override
            public long nextTimeoutNanos() {
                return realB.nextTimeoutNanos();
            }
        });
        source.net.loss = 0.1;
        source.connect();
        for (int i = 0; i < 40; i++) {
            source.a.send(i % 4, 51, new byte[1 + i * 97], i % 2 == 0, i % 3 == 0 ? 0 : -1, -1);
        }
        source.a.resetStreams(3);
        source.net.runFor(20 * SECOND);
        assertThat(corpus).hasSizeGreaterThan(20);

        Random random = new Random(1234);
        SctpChecksum checksum = new SctpChecksum();
        int aborted = 0;
        long accepted = 0;
        SctpPair live = freshTarget();
        for (int n = 0; n < 10_000; n++) {
            byte[] packet = corpus.get(random.nextInt(corpus.size())).clone();
            mutate(packet, random);
            packet = maybeResize(packet, random);
            if (packet.length >= 12) {
                // Aim at the association's own tag most of the time, so chunks get past the tag check.
                if (random.nextInt(4) != 0) {
                    byte[] tag = live.bTag;
                    System.arraycopy(tag, 0, packet, 4, 4);
                }
                SctpChecksum.store(packet, 0, checksum.compute(packet, 0, packet.length));
            }
            live.b.onPacket(packet, 0, packet.length);
            live.net.runFor(random.nextInt(50) * 1_000_000L);
            SctpStats stats = live.b.stats();
            assertThat(stats.bufferedBytes()).isLessThanOrEqualTo(live.b.config().sendBufferBytes());
            assertThat(stats.receiveBufferedBytes()).isLessThanOrEqualTo(live.b.config().receiveBufferBytes()
                    + live.b.config().maxInboundMessageSize() + live.b.config().maxPacketSize());
            if (live.b.state() == SctpState.CLOSED) {
                aborted++;
                accepted += stats.packetsReceived();
                live = freshTarget();
            }
        }
        accepted += live.b.stats().packetsReceived();
        // Most mutations must get past framing, checksum and tag checks, or the chunk parsers were not exercised.
        assertThat(accepted).isGreaterThan(3_000);
        assertThat(aborted).isLessThan(1_000);
    }

    private static SctpPair freshTarget() {
        SctpPair p = new SctpPair(99);
        p.connect();
        p.a.send(0, 51, new byte[10], false, -1, -1);
        return p;
    }

    private static void mutate(byte[] packet, Random random) {
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            // Mostly past the common header, so the chunk parsers rather than the header checks see the damage.
            int i = packet.length > 12 && random.nextInt(10) != 0
                    ? 12 + random.nextInt(packet.length - 12) : random.nextInt(packet.length);
            switch (random.nextInt(8)) {
                case 0, 1 -> packet[i] = (byte) random.nextInt(256);
                case 2, 3 -> packet[i] ^= (byte) (1 << random.nextInt(8));
                case 4, 5 -> packet[i] = (byte) (random.nextBoolean() ? 0 : 0xFF);
                case 6 -> {
                    // The first chunk's length field: framing must reject what does not fit.
                    if (packet.length > 16) {
                        packet[14 + random.nextInt(2)] = (byte) random.nextInt(256);
                    }
                }
                default -> {
                    // The first chunk's type: the same bytes read as a different chunk.
                    if (packet.length > 12) {
                        packet[12] = (byte) random.nextInt(256);
                    }
                }
            }
        }
    }

    private static byte[] maybeResize(byte[] packet, Random random) {
        int r = random.nextInt(10);
        if (r == 0) {
            return java.util.Arrays.copyOf(packet, random.nextInt(packet.length + 1));
        }
        if (r == 1) {
            return java.util.Arrays.copyOf(packet, packet.length + random.nextInt(64));
        }
        return packet;
    }
}
