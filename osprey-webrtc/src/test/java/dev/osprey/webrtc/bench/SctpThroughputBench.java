package dev.osprey.webrtc.bench;

import dev.osprey.webrtc.sctp.CloseCause;
import dev.osprey.webrtc.sctp.SctpAssociation;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sctp.SctpListener;
import dev.osprey.webrtc.sctp.SctpState;
import dev.osprey.webrtc.sctp.SendResult;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Messages per second between two SCTP associations joined in memory (no loss, no DTLS): one operation is one
 * message queued on the sender and carried through fragmentation, CRC32c, SACKs and reassembly to the receiving
 * listener, with the pipeline kept full. MB/s = ops/s x messageSize. One thread drives both endpoints.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SctpThroughputBench {
    @Param({"1024", "65536"})
    public int messageSize;

    private final ArrayDeque<byte[]> towardsA = new ArrayDeque<>();
    private final ArrayDeque<byte[]> towardsB = new ArrayDeque<>();
    private long now = 1_000_000_000L;
    private SctpAssociation a;
    private SctpAssociation b;
    private byte[] payload;
    private long received;
    private long sent;

    @Setup
    public void setUp(Blackhole blackhole) {
        SctpListener quiet = listener(null);
        a = new SctpAssociation(SctpConfig.webRtcDefaults(),
                (buf, off, len) -> towardsB.add(java.util.Arrays.copyOfRange(buf, off, off + len)), quiet, () -> now);
        b = new SctpAssociation(SctpConfig.webRtcDefaults(),
                (buf, off, len) -> towardsA.add(java.util.Arrays.copyOfRange(buf, off, off + len)),
                listener(blackhole), () -> now);
        a.start();
        b.start();
        while (a.state() != SctpState.ESTABLISHED || b.state() != SctpState.ESTABLISHED) {
            pump();
        }
        payload = new byte[messageSize];
        new java.util.Random(1).nextBytes(payload);
    }

    private SctpListener listener(Blackhole blackhole) {
        return new SctpListener() {
            @Override
            public void onEstablished() {
            }

            @Override
            public void onMessage(int streamId, int ppid, byte[] data) {
                received++;
                if (blackhole != null) {
                    blackhole.consume(data);
                }
            }

            @Override
            public void onClosed(CloseCause cause, String detail) {
                throw new IllegalStateException("association closed: " + cause + " " + detail);
            }
        };
    }

    @Benchmark
    public long sendOneMessage() {
        SendResult r;
        while ((r = a.send(0, 53, payload, false, -1, -1)) == SendResult.BUFFER_FULL) {
            pump();
        }
        if (r != SendResult.QUEUED) {
            throw new IllegalStateException("send failed: " + r);
        }
        sent++;
        pump();
        return received;
    }

    /** Every message sent must have arrived, less what is still in the pipeline. */
    @TearDown
    public void check() {
        long inPipeline = a.bufferedAmount() / messageSize + 1;
        if (received < sent - inPipeline || received > sent) {
            throw new IllegalStateException("sent " + sent + " but received " + received);
        }
    }

    /** Delivers every queued packet; when nothing moves but data is pending, lets the delayed-ACK timer fire. */
    private void pump() {
        boolean moved = false;
        while (!towardsA.isEmpty() || !towardsB.isEmpty()) {
            moved = true;
            byte[] p;
            while ((p = towardsB.poll()) != null) {
                b.onPacket(p, 0, p.length);
            }
            while ((p = towardsA.poll()) != null) {
                a.onPacket(p, 0, p.length);
            }
        }
        if (!moved) {
            now = Math.max(now, Math.min(a.nextTimeoutNanos(), b.nextTimeoutNanos()));
            a.tick(now);
            b.tick(now);
        }
    }

    /** Runs briefly: {@code java -cp <test classpath> dev.osprey.webrtc.bench.SctpThroughputBench}. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(SctpThroughputBench.class.getSimpleName())
                .forks(1).warmupIterations(2).measurementIterations(3)
                .warmupTime(TimeValue.seconds(1)).measurementTime(TimeValue.seconds(1))
                .threads(1)
                .build()).run();
    }
}
