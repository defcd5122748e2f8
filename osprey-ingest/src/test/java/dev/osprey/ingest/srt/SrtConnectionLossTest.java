package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Crafted packets with gaps: NAKs, retransmissions delivered in order, too-late drop, ACK/ACKACK. */
class SrtConnectionLossTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final int ISN = SequenceNumbers.MAX - 1; // the sequence numbers wrap during the test
    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
    private final List<Integer> delivered = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private SrtDemultiplexer demultiplexer;
    private EmbeddedChannel channel;
    private SrtTestCaller caller;
    private int ours;
    private long start;

    @BeforeEach
    void connect() {
        connect(SrtSettings.defaults());
    }

    private void connect(SrtSettings settings) {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
        demultiplexer = new SrtDemultiplexer(settings, () -> new SrtListener() {
            @Override
            public void onPublishRequest(SrtPublishRequest request) {
                request.accept();
            }

            @Override
            public void onPayload(byte[] data, int offset, int length) {
                delivered.add((int) data[offset]);
            }

            @Override
            public void onClosed(String reason) {
                closed.add(reason);
            }
        }, clock::get);
        channel = new EmbeddedChannel(demultiplexer);
        caller = new SrtTestCaller(channel, new InetSocketAddress("10.0.0.1", 5000), 0x1234, ISN);
        caller.induction();
        start = clock.get();
        caller.send(caller.conclusion("LiveApp/loss", 0, null));
        ByteBuf response = caller.receive();
        assertThat(response.getInt(SrtPackets.HEADER_LENGTH + 20)).isEqualTo(Handshake.CONCLUSION);
        ours = response.getInt(SrtPackets.HEADER_LENGTH + 24);
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void aGapIsReportedAtOnceAndTheRetransmissionIsDeliveredInOrder() {
        sendData(0, 0, false);
        sendData(1, 1, false);
        sendData(3, 3, false);

        List<ByteBuf> out = caller.receiveAll();
        assertThat(out).anySatisfy(p -> {
            assertThat(SrtTestCaller.isControl(p, SrtPackets.CONTROL_NAK)).isTrue();
            assertThat(p.getInt(SrtPackets.HEADER_LENGTH)).isEqualTo(SequenceNumbers.add(ISN, 2));
            assertThat(p.readableBytes()).isEqualTo(SrtPackets.HEADER_LENGTH + 4);
        });
        tick(121);
        assertThat(delivered).containsExactly(0, 1); // 3 waits for 2 until its own time

        sendData(2, 2, 121, true);
        assertThat(delivered).containsExactly(0, 1);
        tick(122);
        assertThat(delivered).containsExactly(0, 1, 2);
        tick(124);
        assertThat(delivered).containsExactly(0, 1, 2, 3);
    }

    @Test
    void aPacketStillMissingAtItsSuccessorsTimeIsGivenUpAndArrivingLateIsDropped() {
        sendData(0, 0, false);
        for (int i = 3; i < 6; i++) {
            sendData(i, i, false);
        }
        caller.receiveAll();

        tick(130);
        assertThat(delivered).containsExactly(0, 3, 4, 5);
        sendData(1, 1, 131, true);
        tick(200);
        assertThat(delivered).containsExactly(0, 3, 4, 5);
        assertThat(closed).isEmpty();
    }

    @Test
    void aGapThatLastsIsReportedAgainPeriodicallyAsARange() {
        connect(SrtSettings.defaults().withLatencyMillis(1000));
        sendData(0, 0, false);
        sendData(3, 3, false);
        caller.receiveAll();

        tick(100);
        assertThat(caller.receiveAll()).noneMatch(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_NAK));
        tick(160); // (RTT + 4 RTTVar) / 2 with the initial 100 ms and 50 ms
        assertThat(caller.receiveAll()).filteredOn(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_NAK))
                .singleElement().satisfies(p -> {
                    assertThat(p.getInt(SrtPackets.HEADER_LENGTH)).isEqualTo(0x8000_0000 | SequenceNumbers.add(ISN, 1));
                    assertThat(p.getInt(SrtPackets.HEADER_LENGTH + 4)).isEqualTo(SequenceNumbers.add(ISN, 2));
                    assertThat(p.readableBytes()).isEqualTo(SrtPackets.HEADER_LENGTH + 8);
                });
        assertThat(delivered).isEmpty();
    }

    @Test
    void fullAcksCarryTheFirstMissingPacketAndAnAckAckMeasuresTheRoundTrip() {
        sendData(0, 0, false);
        sendData(1, 1, false);
        caller.receiveAll();
        tick(10);
        ByteBuf ack = caller.receiveAll().stream()
                .filter(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_ACK)).findFirst().orElseThrow();
        assertThat(ack.readableBytes()).isEqualTo(SrtPackets.HEADER_LENGTH + 28);
        assertThat(ack.getInt(SrtPackets.HEADER_LENGTH)).isEqualTo(SequenceNumbers.add(ISN, 2));
        int ackNumber = SrtPackets.word(ack, 1);

        clock.set(start + 14 * MS);
        caller.send(SrtTestCaller.control(SrtPackets.CONTROL_ACKACK, ackNumber, ours, 0));
        tick(30);
        // acknowledged and confirmed: no further ACK until something new arrives
        assertThat(caller.receiveAll()).noneMatch(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_ACK));
        sendData(2, 2, false);
        tick(40);
        ByteBuf next = caller.receiveAll().stream()
                .filter(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_ACK)).findFirst().orElseThrow();
        assertThat(next.getInt(SrtPackets.HEADER_LENGTH + 4)).as("RTT, µs").isLessThan(100_000);
    }

    @Test
    void aSilentCallerIsClosedAfterTheIdleTimeoutAndTheListenerHearsOnce() {
        sendData(0, 0, false);
        tick(4_000);
        assertThat(closed).isEmpty();
        tick(5_200);
        tick(5_300);
        assertThat(closed).containsExactly("nothing received for 5000 ms");
        assertThat(demultiplexer.connectionCount()).isZero();
    }

    @Test
    void aShutdownHandsOverWhatArrivedAndEndsTheConnection() {
        sendData(0, 0, false);
        sendData(2, 2, false);
        caller.send(SrtTestCaller.control(SrtPackets.CONTROL_SHUTDOWN, 0, ours, 0));
        assertThat(delivered).containsExactly(0, 2);
        assertThat(closed).containsExactly("shut down by the caller");
        caller.send(SrtTestCaller.data(ours, ISN, 0, false, new byte[] {9}));
        assertThat(delivered).containsExactly(0, 2);
    }

    @Test
    void aPacketStampedFarAheadIsHeldNoLongerThanASecondBeyondTheLatency() {
        sendData(0, 0, false);
        sendData(1, 1_000_000, 1, false); // stamped 1000 s ahead
        sendData(2, 2, false);
        tick(1_000);
        assertThat(delivered).containsExactly(0);
        tick(1_122);
        assertThat(delivered).containsExactly(0, 1, 2);
    }

    @Test
    void aKeepaliveIsAnswered() {
        caller.receiveAll();
        caller.send(SrtTestCaller.control(SrtPackets.CONTROL_KEEPALIVE, 0, ours, 0));
        assertThat(caller.receiveAll()).anyMatch(p -> SrtTestCaller.isControl(p, SrtPackets.CONTROL_KEEPALIVE)
                && SrtPackets.destinationSocketId(p) == 0x1234);
    }

    /** Packet {@code index} of the stream (payload = index), sent at caller time {@code index} ms. */
    private void sendData(int index, int atMillis, boolean retransmitted) {
        sendData(index, atMillis, atMillis, retransmitted);
    }

    /** Packet {@code index}, stamped {@code stampMillis} by the caller, arriving at {@code arrivalMillis}. */
    private void sendData(int index, int stampMillis, int arrivalMillis, boolean retransmitted) {
        clock.set(start + arrivalMillis * MS);
        caller.send(SrtTestCaller.data(ours, SequenceNumbers.add(ISN, index), stampMillis * 1000, retransmitted,
                new byte[] {(byte) index, 0x47}));
    }

    private void tick(long atMillis) {
        clock.set(start + atMillis * MS);
        demultiplexer.tick(clock.get());
        channel.runPendingTasks();
    }
}
