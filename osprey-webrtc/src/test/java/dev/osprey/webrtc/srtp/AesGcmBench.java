package dev.osprey.webrtc.srtp;

import java.security.GeneralSecurityException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * AES-128-GCM seal and open of one SRTP-sized packet (12-byte AAD, 1,200-byte payload, 16-byte
 * tag) in place: {@code jce} does what the SRTP cipher did before issue 13 (JCE's AES/GCM,
 * {@code init} with a new {@link GCMParameterSpec} per packet, decryption through a scratch
 * array), {@code intrinsic} is {@link AesGcm} with the JDK's GHASH ({@link JdkGhash}) and
 * {@code tables} is {@link AesGcm} with its table GHASH ({@link TableGhash}). The forked JVM needs
 * {@code --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED} for {@code intrinsic} (JMH
 * passes on the launching JVM's flags, or add {@code -jvmArgsAppend}). Run with
 * {@code ./osprey jmh osprey-webrtc AesGcmBench -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AesGcmBench {
    private static final int AAD = 12;
    private static final int PAYLOAD = 1200;

    @Param({"jce", "tables", "intrinsic"})
    public String implementation;

    private final byte[] key = new byte[16];
    private final byte[] iv = new byte[AesGcm.IV_LENGTH];
    private final byte[] packet = new byte[AAD + PAYLOAD + AesGcm.TAG_LENGTH];
    private final byte[] sealed = new byte[packet.length];
    private final byte[] work = new byte[packet.length];
    private final byte[] scratch = new byte[PAYLOAD];
    private SecretKeySpec keySpec;
    private Cipher jce;
    private AesGcm own;
    private boolean useOwn;
    private byte[] ivOfSetUp;
    private int counter;

    @Setup
    public void setUp() throws GeneralSecurityException {
        Random random = new Random(1);
        random.nextBytes(key);
        random.nextBytes(iv);
        random.nextBytes(packet);
        keySpec = new SecretKeySpec(key, "AES");
        jce = Cipher.getInstance("AES/GCM/NoPadding");
        useOwn = !implementation.equals("jce");
        // the intrinsic path refuses to start rather than measure the tables under its name
        own = new AesGcm(key, true, implementation.equals("tables") ? Ghash.Path.TABLES : Ghash.Path.JDK_INTRINSIC);
        System.arraycopy(packet, 0, sealed, 0, packet.length);
        own.seal(iv, 0, sealed, 0, AAD, sealed, AAD, PAYLOAD);
        ivOfSetUp = iv.clone();
    }

    /** Seals the packet under a new IV each time, as SRTP does (and JCE insists on). */
    @Benchmark
    public int seal() throws GeneralSecurityException {
        System.arraycopy(packet, 0, work, 0, AAD + PAYLOAD);
        int c = ++counter;
        iv[8] = (byte) (c >>> 24);
        iv[9] = (byte) (c >>> 16);
        iv[10] = (byte) (c >>> 8);
        iv[11] = (byte) c;
        if (useOwn) {
            own.seal(iv, 0, work, 0, AAD, work, AAD, PAYLOAD);
            return work[AAD + PAYLOAD];
        }
        jce.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(128, iv));
        jce.updateAAD(work, 0, AAD);
        return jce.doFinal(work, AAD, PAYLOAD, work, AAD);
    }

    /** Opens one sealed packet (the IV of setUp); a failed check would show as a wrong result. */
    @Benchmark
    public int open() throws GeneralSecurityException {
        System.arraycopy(sealed, 0, work, 0, sealed.length);
        if (useOwn) {
            return own.open(ivOfSetUp, 0, work, 0, AAD, work, AAD, PAYLOAD) ? work[AAD] : -1;
        }
        jce.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(128, ivOfSetUp));
        jce.updateAAD(work, 0, AAD);
        int opened = jce.doFinal(work, AAD, PAYLOAD + AesGcm.TAG_LENGTH, scratch, 0);
        System.arraycopy(scratch, 0, work, AAD, opened);
        return work[AAD];
    }
}
