package dev.osprey.signaling;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link SignalingTimer#shared()}: one daemon thread, created on first use and never shut down. */
final class SharedSignalingTimer implements SignalingTimer {

    static final SharedSignalingTimer INSTANCE = new SharedSignalingTimer();

    private final ScheduledExecutorService executor;

    private SharedSignalingTimer() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "osprey-signaling-timer");
            thread.setDaemon(true);
            return thread;
        });
        // Most deadlines are cancelled (the offer came): do not keep them queued until they would have run.
        pool.setRemoveOnCancelPolicy(true);
        executor = pool;
    }

    @Override
    public Scheduled schedule(long delayMillis, Runnable task) {
        var future = executor.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }
}
