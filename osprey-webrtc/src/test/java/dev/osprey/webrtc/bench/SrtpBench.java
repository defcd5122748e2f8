package dev.osprey.webrtc.bench;

import dev.osprey.webrtc.srtp.SrtpContext;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.srtp.SrtpSession;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * SRTP protect/unprotect throughput on one thread, 1,200-byte payloads (12-byte header).
 * Needs the JMH annotation processor, which JDK 23+ runs only when asked: compile the tests with
 * {@code -Dmaven.compiler.proc=full}, then
 * {@code java -cp <test classpath> org.openjdk.jmh.Main SrtpBench -f 1 -wi 2 -i 3 -w 1s -r 2s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class SrtpBench {
    /** Distinct packets an unprotect invocation consumes before it needs a fresh receiver. */
    static final int BATCH = 4096;
    private static final int PAYLOAD = 1200;
    private static final int PACKET = 12 + PAYLOAD;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profileName;

    private SrtpProfile profile;
    private byte[] material;
    private SrtpSession sender;
    private final byte[] plain = new byte[PACKET];
    private final byte[] work = new byte[PACKET + SrtpProfile.MAX_TRAILER];
    private byte[][] protectedPackets;
    private int protectedLength;
    private int seq;

    @Setup
    public void setUp() {
        profile = SrtpProfile.valueOf(profileName);
        Random random = new Random(1);
        material = new byte[SrtpSession.keyingMaterialLength(profile)];
        random.nextBytes(material);
        sender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        random.nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 96;
        // the unprotect batch: BATCH consecutive packets from a sender of its own
        SrtpSession batchSender = SrtpSession.fromDtlsKeyingMaterial(profile, material, true);
        protectedPackets = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            byte[] buf = new byte[PACKET + SrtpProfile.MAX_TRAILER];
            System.arraycopy(plain, 0, buf, 0, PACKET);
            buf[2] = (byte) (i >>> 8);
            buf[3] = (byte) i;
            protectedLength = batchSender.protectRtp(buf, 0, PACKET);
            protectedPackets[i] = buf;
        }
    }

    /**
     * A fresh receiving context per unprotect batch, since each packet index is accepted once only.
     * Its creation (key derivation, ~40 KB) is counted by {@code -prof gc}: ~10 B/op over a batch.
     */
    @State(Scope.Thread)
    public static class Receiver {
        SrtpContext context;

        @Setup(Level.Invocation)
        public void fresh(SrtpBench bench) {
            context = new SrtpContext(bench.profile, bench.clientKey(), bench.clientSalt());
        }
    }

    byte[] clientKey() {
        return Arrays.copyOfRange(material, 0, profile.keyLength());
    }

    byte[] clientSalt() {
        int at = 2 * profile.keyLength();
        return Arrays.copyOfRange(material, at, at + profile.saltLength());
    }

    @Benchmark
    public int protect() {
        System.arraycopy(plain, 0, work, 0, PACKET);
        int s = seq++;
        work[2] = (byte) (s >>> 8);
        work[3] = (byte) s;
        return sender.protectRtp(work, 0, PACKET);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int unprotect(Receiver receiver) {
        SrtpContext context = receiver.context;
        int sum = 0;
        for (byte[] packet : protectedPackets) {
            System.arraycopy(packet, 0, work, 0, protectedLength);
            sum += context.unprotectRtp(work, 0, protectedLength);
        }
        return sum;
    }
}
