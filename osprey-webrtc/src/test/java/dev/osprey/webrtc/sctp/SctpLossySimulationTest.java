package dev.osprey.webrtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Two Java endpoints over a path with 10 % loss, reordering (jitter larger than the packet spacing) and 2 %
 * duplication: 10,000 messages of random sizes up to 64 KiB on ordered streams arrive exactly once, intact and
 * in order.
 */
class SctpLossySimulationTest {
    private static final int MESSAGES = 10_000;
    private static final int STREAMS = 3;
    private static final long SECOND = 1_000_000_000L;

    private static void fill(byte[] data, int index) {
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (index * 31 + i * 7 + (i >>> 8));
        }
    }

    private static boolean intact(byte[] data, int index) {
        for (int i = 0; i < data.length; i++) {
            if (data[i] != (byte) (index * 31 + i * 7 + (i >>> 8))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void tenThousandMessagesArriveExactlyOnceAndInOrderDespiteLossReorderingAndDuplicates() {
        SctpPair p = new SctpPair(42).connect();
        p.net.loss = 0.10;
        p.net.duplication = 0.02;
        p.net.latencyNanos = 20_000_000L;
        p.net.jitterNanos = 10_000_000L;
        Random random = new Random(7);
        int[] expectedNext = new int[STREAMS];
        int[] nextIndexPerStream = new int[STREAMS];
        int[][] order = new int[STREAMS][MESSAGES];
        long limit = p.a.config().sendBufferBytes();
        int sent = 0;
        while (sent < MESSAGES) {
            int size = 1 + random.nextInt(65_536);
            if (p.a.bufferedAmount() + size > limit) {
                long target = limit / 2;
                assertThat(p.net.runUntil(() -> p.a.bufferedAmount() <= target, 600 * SECOND))
                        .as("sender stalled at message %d", sent).isTrue();
                continue;
            }
            int stream = sent % STREAMS;
            byte[] data = new byte[size];
            fill(data, sent);
            // The first 4 bytes carry the index so the receiver can check content and order.
            data[0] = (byte) (sent >>> 24);
            data[1] = (byte) (sent >>> 16);
            if (size >= 4) {
                data[2] = (byte) (sent >>> 8);
                data[3] = (byte) sent;
            }
            order[stream][nextIndexPerStream[stream]++] = sent;
            assertThat(p.a.send(stream, 53, data, false, -1, -1)).isEqualTo(SendResult.QUEUED);
            sent++;
        }
        assertThat(p.net.runUntil(() -> p.lb.messages.size() >= MESSAGES, 3_600 * SECOND)).isTrue();
        p.net.runFor(10 * SECOND);

        assertThat(p.lb.messages).hasSize(MESSAGES);
        for (RecordingSctpListener.Message m : p.lb.messages) {
            int stream = m.stream();
            int index = order[stream][expectedNext[stream]++];
            byte[] data = m.data();
            byte[] expected = new byte[data.length];
            fill(expected, index);
            expected[0] = (byte) (index >>> 24);
            expected[1] = (byte) (index >>> 16);
            if (expected.length >= 4) {
                expected[2] = (byte) (index >>> 8);
                expected[3] = (byte) index;
            }
            assertThat(data).as("message %d on stream %d", index, stream).isEqualTo(expected);
        }
        for (int s = 0; s < STREAMS; s++) {
            assertThat(expectedNext[s]).isEqualTo(nextIndexPerStream[s]);
        }
        assertThat(p.a.bufferedAmount()).isZero();
        assertThat(p.a.stats().chunksRetransmitted()).isPositive();
        assertThat(p.a.state()).isEqualTo(SctpState.ESTABLISHED);
        assertThat(p.b.stats().packetsDropped()).isZero();
    }
}
