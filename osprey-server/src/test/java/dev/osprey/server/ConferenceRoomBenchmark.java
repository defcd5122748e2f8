package dev.osprey.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Server CPU and RSS for multitrack rooms of N synthetic participants, and the time from a newcomer's
 * {@code publish_started} to the first video packet of its stream at every other participant. Not a
 * test: {@code bench/conference.sh} runs it against a server started from the jar.
 *
 * <p>Arguments: {@code http-port server-pid sizes(5,10,25) seconds}. Every participant sends 50 VP8
 * and 50 Opus packets per second (tiny payloads) and plays the room.
 */
public final class ConferenceRoomBenchmark {
    private static final long PUMP_NANOS = 20_000_000L;

    private ConferenceRoomBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long pid = Long.parseLong(args[1]);
        String[] sizes = args[2].split(",");
        int seconds = Integer.parseInt(args[3]);
        long ticksPerSecond = 100; // USER_HZ on Linux
        System.out.println("| participants | server CPU (% of one core) | server RSS | packets received by participants/s | newcomer → first video packet at the others p50 / max (others that get its video) |");
        System.out.println("|---|---|---|---|---|");
        for (String size : sizes) {
            int n = Integer.parseInt(size);
            String room = "bench" + n;
            List<RoomParticipant> everyone = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                RoomParticipant p = new RoomParticipant(port, room + "p" + i, room);
                p.publish();
                everyone.add(p);
            }
            driveUntilSettled(everyone, n - 1, 60);
            drive(everyone, 2_000);
            long cpu0 = cpuTicks(pid);
            long received0 = received(everyone);
            long t0 = System.nanoTime();
            drive(everyone, seconds * 1000L);
            double elapsed = (System.nanoTime() - t0) / 1e9;
            double cpu = (cpuTicks(pid) - cpu0) / (double) ticksPerSecond / elapsed * 100;
            double packets = (received(everyone) - received0) / elapsed;
            long rss = rssKb(pid);

            // The newcomer: time until each other participant gets a video packet from a new SSRC.
            List<Set<Integer>> known = new ArrayList<>();
            for (RoomParticipant p : everyone) {
                known.add(new HashSet<>(p.firstVideoNanos.keySet()));
            }
            RoomParticipant newcomer = new RoomParticipant(port, room + "new", room);
            newcomer.publish();
            List<RoomParticipant> all = new ArrayList<>(everyone);
            all.add(newcomer);
            List<Long> delays = new ArrayList<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            // Beyond maxVideoTrackCount the newcomer's video is paused by design: give up after 5 s then.
            long enough = System.nanoTime() + (n >= 6 ? 5_000_000_000L : 30_000_000_000L);
            while (delays.size() < everyone.size() && System.nanoTime() < Math.min(deadline, enough)) {
                drive(all, 20);
                delays.clear();
                for (int i = 0; i < everyone.size(); i++) {
                    for (var e : everyone.get(i).firstVideoNanos.entrySet()) {
                        if (!known.get(i).contains(e.getKey()) && newcomer.liveNanos != 0) {
                            delays.add((e.getValue() - newcomer.liveNanos) / 1_000_000);
                        }
                    }
                }
            }
            delays.sort(null);
            System.out.printf("| %d | %.0f %% | %d MB | %.0f | %s (%d of %d) |%n", n, cpu, rss / 1024, packets,
                    delays.isEmpty() ? "-" : delays.get(delays.size() / 2) + " ms / " + delays.getLast() + " ms",
                    delays.size(), everyone.size());
            for (RoomParticipant p : all) {
                p.leave(false);
            }
            Thread.sleep(3_000);
        }
    }

    private static long received(List<RoomParticipant> everyone) {
        long sum = 0;
        for (RoomParticipant p : everyone) {
            sum += p.received.get();
        }
        return sum;
    }

    private static void driveUntilSettled(List<RoomParticipant> everyone, int others, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            drive(everyone, 100);
            if (everyone.stream().allMatch(p -> p.offered.size() == others && p.firstVideoNanos.size() >= Math.min(others, 6))) {
                return;
            }
        }
        throw new IllegalStateException("room of " + (others + 1) + " did not settle");
    }

    private static void drive(List<RoomParticipant> everyone, long millis) throws Exception {
        new RoomDriver(everyone, Duration.ofNanos(PUMP_NANOS)).drive(Duration.ofMillis(millis));
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static long rssKb(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
