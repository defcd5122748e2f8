package dev.osprey.webrtc.dtls;

import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory datagram pair between a DTLS client and a DTLS server, with optional seeded loss
 * and a record of every datagram each side sent.
 */
final class MemoryLink {
    final RecordingListener clientListener = new RecordingListener();
    final RecordingListener serverListener = new RecordingListener();
    final List<byte[]> sentByClient = new CopyOnWriteArrayList<>();
    final List<byte[]> sentByServer = new CopyOnWriteArrayList<>();
    final AtomicInteger dropped = new AtomicInteger();
    /** Indexes (0-based, in sending order) of datagrams to lose on purpose, per direction. */
    final Set<Integer> dropFromClient = ConcurrentHashMap.newKeySet();
    final Set<Integer> dropFromServer = ConcurrentHashMap.newKeySet();
    final DtlsEndpoint client;
    final DtlsEndpoint server;
    private final Random random;
    private final double lossRate;

    MemoryLink(DtlsConfig clientConfig, DtlsConfig serverConfig, double lossRate, long seed) {
        this(DtlsCertificate.generate(), DtlsCertificate.generate(), clientConfig, serverConfig, lossRate, seed, null, null);
    }

    MemoryLink(DtlsCertificate clientCert, DtlsCertificate serverCert, DtlsConfig clientConfig,
            DtlsConfig serverConfig, double lossRate, long seed,
            DtlsFingerprint clientExpects, DtlsFingerprint serverExpects) {
        this.random = new Random(seed);
        this.lossRate = lossRate;
        DtlsEndpoint[] peers = new DtlsEndpoint[2];
        client = new DtlsEndpoint(DtlsRole.CLIENT, clientCert,
                clientExpects != null ? clientExpects : serverCert.fingerprint(), clientConfig,
                (buf, off, len) -> deliver(sentByClient, peers[1], buf, off, len), clientListener);
        server = new DtlsEndpoint(DtlsRole.SERVER, serverCert,
                serverExpects != null ? serverExpects : clientCert.fingerprint(), serverConfig,
                (buf, off, len) -> deliver(sentByServer, peers[0], buf, off, len), serverListener);
        peers[0] = client;
        peers[1] = server;
    }

    static MemoryLink lossless() {
        return new MemoryLink(DtlsConfig.defaults(), DtlsConfig.defaults(), 0, 0);
    }

    void start() {
        server.start();
        client.start();
    }

    void close() {
        client.close();
        server.close();
    }

    private void deliver(List<byte[]> log, DtlsEndpoint to, byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        boolean drop;
        synchronized (random) {
            int index = log.size();
            log.add(copy);
            drop = (log == sentByClient ? dropFromClient : dropFromServer).contains(index)
                    || (lossRate > 0 && random.nextDouble() < lossRate);
        }
        if (drop) {
            dropped.incrementAndGet();
        } else {
            to.onDatagram(buf, off, len);
        }
    }
}
