package dev.osprey.webrtc.bench;

import dev.osprey.webrtc.ice.CheckOutcome;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.ice.IceLiteAgent;
import dev.osprey.webrtc.ice.StunSender;
import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The server's cost of one ICE connectivity/consent check: parse and validate the request, verify
 * FINGERPRINT and MESSAGE-INTEGRITY, build the success response (XOR-MAPPED-ADDRESS,
 * MESSAGE-INTEGRITY, FINGERPRINT) and hand it to the sender. One thread, one agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class StunBench {
    private final StunMessage message = new StunMessage();
    private byte[] request;
    private int requestLength;
    private IceLiteAgent agent;
    private InetSocketAddress peer;
    private StunSender sender;

    @Setup
    public void setUp(Blackhole blackhole) {
        IceCredentials server = IceCredentials.random();
        IceCredentials client = IceCredentials.random();
        peer = new InetSocketAddress("192.0.2.2", 54321);
        request = new byte[256];
        // Shaped like a browser's check: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE, MI, FINGERPRINT.
        requestLength = new StunWriter()
                .begin(request, 0, request.length, StunMessageType.BINDING_REQUEST, new byte[12], 0)
                .addUsername(server.ufrag() + ":" + client.ufrag())
                .addPriority(1853817087L)
                .addIceControlling(0x1234_5678_9abc_def0L)
                .addUseCandidate()
                .addMessageIntegrity(new MessageIntegrity(server.password()))
                .addFingerprint()
                .length();
        sender = (buf, off, len, to) -> blackhole.consume(buf[off + len - 1]);
        agent = new IceLiteAgent(server, client, Duration.ofSeconds(30), new IceLiteAgent.Listener() {
            @Override
            public void onSelectedAddressChanged(IceLiteAgent a, InetSocketAddress previous, InetSocketAddress current) {
            }

            @Override
            public void onConsentExpired(IceLiteAgent a) {
            }
        }, System.nanoTime());
        // Nominate once so the measured checks are the steady-state consent checks.
        message.wrap(request, 0, requestLength);
        agent.handle(message, peer, System.nanoTime(), sender);
    }

    @Benchmark
    public CheckOutcome handleCheck() {
        if (!message.wrap(request, 0, requestLength)) {
            throw new IllegalStateException("benchmark request must parse");
        }
        return agent.handle(message, peer, 0, sender);
    }

    @Benchmark
    public boolean parseOnly() {
        return message.wrap(request, 0, requestLength);
    }

    /** Runs briefly: {@code java -cp <test classpath> dev.osprey.webrtc.bench.StunBench}. */
    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder()
                .include(StunBench.class.getSimpleName())
                .forks(1).warmupIterations(2).measurementIterations(3)
                .warmupTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .measurementTime(org.openjdk.jmh.runner.options.TimeValue.seconds(1))
                .threads(1)
                .build()).run();
    }
}
