package dev.osprey.media;

import dev.osprey.webrtc.rtp.Bytes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Fan-out cost: one 1,200-byte VP8 packet from the publisher forwarded to N viewers (parse,
 * cache, transport-cc record, per viewer copy + header/extension rewrite + hand-off to a sink
 * that only touches the buffer). {@code -prof gc} shows the bytes allocated per packet.
 *
 * <p>Run with {@code ./osprey jmh osprey-media ForwardingBenchmark -f 3 -wi 5 -i 8 -w 1s -r 1s -prof gc}
 * (figures in bench/RESULTS.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ForwardingBenchmark {
    @Param("100")
    public int viewers;

    private long now = 1_000_000_000L;
    private Broadcast broadcast;
    private byte[] packet;
    private int seq;

    /** Reads the first and last byte so the work cannot be optimised away. */
    static final class TouchingSink implements MediaSink {
        int checksum;
        int transportSeq;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            checksum += buf[off + 3] + buf[off + len - 1];
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            checksum += len;
        }

        @Override
        public int nextTransportSequenceNumber() {
            return transportSeq++;
        }
    }

    @Setup
    public void setUp() {
        broadcast = new Broadcast("bench", Fixture.PUBLISHER, new Fixture.CountingSource(), Runnable::run, () -> now,
                BroadcastOptions.defaults());
        for (int i = 0; i < viewers; i++) {
            broadcast.addViewer("v" + i, Fixture.viewer(i, true), new TouchingSink());
        }
        byte[] payload = new byte[1200 - 24];
        payload[0] = 0x10;
        payload[1] = 0x51; // delta frame
        byte[] key = Fixture.video(0, 0, Fixture.VP8_KEY);
        broadcast.onRtp(key, 0, key.length, now);
        packet = Fixture.video(1, 3000, payload);
        seq = 1;
    }

    @Benchmark
    public void forwardOnePacket() {
        seq++;
        Bytes.put16(packet, 2, seq);
        Bytes.put32(packet, 4, seq * 3000);
        Bytes.put16(packet, 17, seq);
        now += 1_000_000L;
        broadcast.onRtp(packet, 0, packet.length, now);
        if ((seq & 31) == 0) {
            broadcast.tick();
        }
    }
}
