package dev.osprey.webrtc.dtls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class QueuedDatagramTransportTest {
    private final List<byte[]> sent = new CopyOnWriteArrayList<>();
    private final QueuedDatagramTransport transport = new QueuedDatagramTransport(
            (buf, off, len) -> sent.add(java.util.Arrays.copyOfRange(buf, off, off + len)), 1500, 100, 2);

    @Test
    void deliversCopiesInOrderAndTimesOutWhenEmpty() throws IOException {
        byte[] source = {9, 1, 2, 3, 9};
        assertThat(transport.offer(source, 1, 3)).isTrue();
        source[1] = 7; // the queued copy must not change
        assertThat(transport.offer(new byte[] {4}, 0, 1)).isTrue();

        byte[] out = new byte[1500];
        assertThat(transport.receive(out, 0, out.length, 10)).isEqualTo(3);
        assertThat(out).startsWith(1, 2, 3);
        assertThat(transport.receive(out, 5, out.length - 5, 10)).isEqualTo(1);
        assertThat(out[5]).isEqualTo((byte) 4);
        long start = System.nanoTime();
        assertThat(transport.receive(out, 0, out.length, 50)).isEqualTo(-1);
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
    }

    @Test
    void releasingIdleSlotsKeepsWhatIsQueuedAndTheRingKeepsWorking() throws IOException {
        byte[] out = new byte[1500];
        transport.offer(new byte[] {1}, 0, 1);
        transport.offer(new byte[] {2, 2}, 0, 2);
        assertThat(transport.receive(out, 0, out.length, 10)).isEqualTo(1);
        assertThat(transport.isIdle()).isFalse();
        transport.releaseIdleSlots();
        assertThat(transport.receive(out, 0, out.length, 10)).isEqualTo(2);
        assertThat(out).startsWith(2, 2);
        assertThat(transport.isIdle()).isTrue();
        transport.releaseIdleSlots();
        for (int i = 3; i < 7; i++) {
            assertThat(transport.offer(new byte[] {(byte) i}, 0, 1)).isTrue();
            assertThat(transport.receive(out, 0, out.length, 10)).isEqualTo(1);
            assertThat(out[0]).isEqualTo((byte) i);
        }
        transport.close();
        assertThat(transport.isIdle()).isFalse();
    }

    @Test
    void dropsWhenFullTooLargeOrEmpty() {
        assertThat(transport.offer(new byte[10], 0, 10)).isTrue();
        assertThat(transport.offer(new byte[10], 0, 10)).isTrue();
        assertThat(transport.offer(new byte[10], 0, 10)).isFalse();
        assertThat(transport.offer(new byte[1501], 0, 1501)).isFalse();
        assertThat(transport.offer(new byte[1], 0, 0)).isFalse();
        assertThat(transport.droppedCount()).isEqualTo(3);
    }

    @Test
    void closeWakesABlockedReceiverWithAnIOException() throws Exception {
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                transport.receive(new byte[1500], 0, 1500, 0);
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Thread.sleep(50);
        transport.close();
        assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        receiver.join();
        assertThat(transport.offer(new byte[10], 0, 10)).isFalse();
        assertThatThrownBy(() -> transport.send(new byte[10], 0, 10)).isInstanceOf(IOException.class);
    }

    @Test
    void handshakeRecordsArePackedUntilTheNextReceive() throws IOException {
        transport.send(new byte[40], 0, 40);
        transport.send(new byte[50], 0, 50);
        assertThat(sent).isEmpty();
        transport.send(new byte[30], 0, 30); // 120 > send limit 100: the first two leave together
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0)).hasSize(90);
        transport.receive(new byte[1500], 0, 1500, 1);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).hasSize(30);

        transport.stopCoalescing();
        transport.send(new byte[20], 0, 20);
        assertThat(sent).hasSize(3);
    }

    @Test
    void closeFlushesAPendingAlert() throws IOException {
        transport.send(new byte[2], 0, 2);
        transport.close();
        assertThat(sent).hasSize(1);
    }
}
