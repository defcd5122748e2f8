package dev.osprey.server.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.osprey.server.store.Broadcast;
import dev.osprey.server.store.H2DataStore;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store alone, without HTTP: rounds of {@code H2DataStore.createBroadcast}, then as many
 * {@code updateBroadcast} calls, from {@code threads} threads, in a fresh folder. Not a test:
 * {@code bench/rest-create.sh} runs it after the REST figures.
 *
 * <p>Arguments: {@code [writes per round] [threads] [rounds]}. Prints the best round's writes/s (the
 * machine is shared: the best round is the one least disturbed), the process CPU time per write over
 * all rounds (H2's and the journal's background work included; steadier than wall time on a busy
 * machine) and the sizes of the database and journal files.
 */
public final class StoreWriteBenchmark {

    private static final OperatingSystemMXBean OS = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private StoreWriteBenchmark() {
    }

    /** Calls per second of the best round and process CPU microseconds per call over all rounds. */
    private record Figures(double bestPerSecond, double cpuMicrosPerCall) {
    }

    public static void main(String[] args) throws Exception {
        int writes = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        Path dir = Files.createTempDirectory("osprey-store-bench");
        try (H2DataStore store = H2DataStore.open(dir, "Bench")) {
            run(threads, 2_000, i -> store.createBroadcast(broadcast("warm" + i))); // JIT warm-up
            double bestCreates = 0;
            double bestUpdates = 0;
            long createCpu = 0;
            long updateCpu = 0;
            for (int r = 0; r < rounds; r++) {
                String prefix = "r" + r + "-";
                long cpu0 = OS.getProcessCpuTime();
                bestCreates = Math.max(bestCreates, run(threads, writes, i -> store.createBroadcast(broadcast(prefix + i))));
                long cpu1 = OS.getProcessCpuTime();
                bestUpdates = Math.max(bestUpdates, run(threads, writes, i -> store.updateBroadcast(prefix + (i * 7919 % writes), b -> {
                    b.webRTCViewerCount++;
                    return b;
                })));
                createCpu += cpu1 - cpu0;
                updateCpu += OS.getProcessCpuTime() - cpu1;
            }
            double calls = (double) rounds * writes;
            System.out.printf("store, %d thread(s), %d rounds: best %.0f creates/s, %.0f updates/s; CPU %.0f µs per create,"
                            + " %.0f µs per update; files %s%n", threads, rounds, bestCreates, bestUpdates,
                    createCpu / calls / 1e3, updateCpu / calls / 1e3, sizes(dir));
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static String sizes(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.sorted().map(f -> {
                try {
                    return f.getFileName() + " " + Files.size(f) / 1024 + " KB";
                } catch (IOException e) {
                    return f.getFileName() + " ?";
                }
            }).toList().toString();
        }
    }

    private interface Write {
        void run(int i);
    }

    /** Calls {@code write} for 0..count-1 spread over the threads; returns calls per second. */
    private static double run(int threads, int count, Write write) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Thread> started = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            started.add(Thread.ofPlatform().start(() -> {
                for (int i; (i = next.getAndIncrement()) < count; ) {
                    write.run(i);
                }
            }));
        }
        for (Thread t : started) {
            t.join();
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static Broadcast broadcast(String id) {
        Broadcast b = new Broadcast();
        b.streamId = id;
        b.name = "Bench stream " + id;
        b.date = System.currentTimeMillis();
        return b;
    }
}
