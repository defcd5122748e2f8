package dev.osprey.webrtc.dtls;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Captures every callback of an endpoint so tests can wait for and assert them. */
final class RecordingListener implements DtlsListener {
    final CompletableFuture<DtlsSrtpKeys> keys = new CompletableFuture<>();
    final CompletableFuture<Throwable> failure = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
    final AtomicInteger terminalCallbacks = new AtomicInteger();
    volatile int cipherSuite = -1;
    volatile String callbackThread;

    @Override
    public void onHandshakeComplete(DtlsSrtpKeys keys, int cipherSuite) {
        this.cipherSuite = cipherSuite;
        this.callbackThread = Thread.currentThread().getName() + (Thread.currentThread().isVirtual() ? " virtual" : "");
        this.keys.complete(keys);
    }

    @Override
    public void onHandshakeFailed(Throwable cause) {
        terminalCallbacks.incrementAndGet();
        keys.completeExceptionally(cause);
        failure.complete(cause);
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        byte[] copy = new byte[len];
        System.arraycopy(buf, off, copy, 0, len);
        applicationData.add(copy);
    }

    @Override
    public void onClosed() {
        terminalCallbacks.incrementAndGet();
        closed.complete(null);
    }
}
