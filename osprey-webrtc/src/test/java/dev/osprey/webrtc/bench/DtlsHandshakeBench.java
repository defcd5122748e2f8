package dev.osprey.webrtc.bench;

import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.dtls.DtlsConfig;
import dev.osprey.webrtc.dtls.DtlsEndpoint;
import dev.osprey.webrtc.dtls.DtlsListener;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.dtls.DtlsSrtpKeys;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Full DTLS 1.2 + use_srtp handshakes (ECDHE x25519, ECDSA P-256 mutual authentication, AES-128-GCM,
 * key export) between a client and a server endpoint joined by an in-memory datagram pair.
 * Run with {@code -Djdk.virtualThreadScheduler.parallelism=1} to get the figure per core: both endpoints'
 * virtual threads then share one carrier thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class DtlsHandshakeBench {
    private DtlsCertificate clientCertificate;
    private DtlsCertificate serverCertificate;
    private DtlsConfig config;

    @Setup
    public void setUp() {
        clientCertificate = DtlsCertificate.generate();
        serverCertificate = DtlsCertificate.generate();
        config = DtlsConfig.defaults();
    }

    @Benchmark
    public DtlsSrtpKeys fullHandshake() throws Exception {
        CountDownLatch done = new CountDownLatch(2);
        AtomicReference<DtlsSrtpKeys> clientKeys = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        DtlsEndpoint[] pair = new DtlsEndpoint[2];
        DtlsEndpoint client = new DtlsEndpoint(DtlsRole.CLIENT, clientCertificate, serverCertificate.fingerprint(),
                config, (buf, off, len) -> pair[1].onDatagram(buf, off, len), listener(done, clientKeys, failure));
        DtlsEndpoint server = new DtlsEndpoint(DtlsRole.SERVER, serverCertificate, clientCertificate.fingerprint(),
                config, (buf, off, len) -> pair[0].onDatagram(buf, off, len),
                listener(done, new AtomicReference<>(), failure));
        pair[0] = client;
        pair[1] = server;
        server.start();
        client.start();
        if (!done.await(10, TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException("handshake did not complete", failure.get());
        }
        client.close();
        server.close();
        return clientKeys.get();
    }

    private static DtlsListener listener(CountDownLatch done, AtomicReference<DtlsSrtpKeys> keys,
            AtomicReference<Throwable> failure) {
        return new DtlsListener() {
            @Override
            public void onHandshakeComplete(DtlsSrtpKeys k, int cipherSuite) {
                keys.set(k);
                done.countDown();
            }

            @Override
            public void onHandshakeFailed(Throwable cause) {
                failure.set(cause);
                done.countDown();
                done.countDown();
            }
        };
    }
}
