package dev.osprey.media;

import static dev.osprey.media.Fixture.*;

import dev.osprey.webrtc.rtp.Bytes;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Forwarding throughput of one broadcast whose audience is spread over 1 or 2 event loops (Netty loops,
 * mirrors and their lanes as in the server; sinks that only touch the packet instead of SRTP and UDP): the
 * publisher's loop feeds 1,200-byte VP8 packets as fast as it can, each viewer counts what it gets.
 * Skipped unless {@code -Dosprey.bench=true}:
 * {@code mvn -o -pl osprey-media -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest=MediaLoopsBench -Dosprey.bench=true}
 * (figures in bench/RESULTS.md, "Media loops (issue 13)").
 */
class MediaLoopsBench {
    private static final int VIEWERS = 200;
    private static final int BATCH = 32;

    /** Reads the first and last byte, so the work cannot be optimised away. */
    static final class TouchingSink implements MediaSink {
        long packets;
        int checksum;
        int transportSeq;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            packets++;
            checksum += buf[off] + buf[off + len - 1];
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
        }

        @Override
        public int nextTransportSequenceNumber() {
            return transportSeq++;
        }
    }

    /** Wall-clock rate, and the CPU the loop threads spent meanwhile. */
    private record Result(double packetsPerSecond, double loopCores) {
        double packetsPerLoopCpuSecond() {
            return packetsPerSecond / loopCores;
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "osprey.bench", matches = "true")
    void forwardedPacketsPerSecondOnOneAndTwoLoops() throws Exception {
        run(1, 3); // JIT warm-up, not reported
        run(2, 3);
        for (int round = 1; round <= 3; round++) {
            for (int loops = 1; loops <= 2; loops++) {
                Result r = run(loops, 4);
                System.out.printf("media loops bench: round %d, %d loop(s), %d viewers: %.2f M forwarded packets/s, "
                                + "loop threads busy %.2f cores, %.2f M packets per loop CPU second%n", round, loops,
                        VIEWERS, r.packetsPerSecond / 1e6, r.loopCores, r.packetsPerLoopCpuSecond() / 1e6);
            }
        }
    }

    /** Forwarded packets per second over {@code seconds}, after a second of warm-up. */
    private static Result run(int loopCount, int seconds) throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // the server's kind of loop (and so of task queue: lock-free MPSC), without a socket
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(loopCount,
                Epoll.isAvailable() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            EventLoop[] loops = new EventLoop[loopCount];
            for (int i = 0; i < loopCount; i++) {
                loops[i] = (EventLoop) group.next();
            }
            Broadcast origin = new Broadcast("s", PUBLISHER, new CountingSource(), loops[0], MediaClock.system(),
                    BroadcastOptions.defaults());
            List<TouchingSink> sinks = new ArrayList<>();
            for (int i = 0; i < VIEWERS; i++) {
                TouchingSink sink = new TouchingSink();
                sinks.add(sink);
                origin.mirrorOn(loops[i % loopCount]).addViewer("v" + i, viewer(i, false), sink);
            }
            long[] loopThreads = new long[loopCount];
            for (int i = 0; i < loopCount; i++) {
                loopThreads[i] = loops[i].submit(() -> Thread.currentThread().threadId()).get();
            }
            Feeder feeder = new Feeder(origin, loops[0]);
            loops[0].execute(feeder);
            Thread.sleep(1000);
            long before = total(sinks, loops);
            long cpuBefore = cpu(threads, loopThreads);
            long start = System.nanoTime();
            Thread.sleep(seconds * 1000L);
            long after = total(sinks, loops);
            long cpuAfter = cpu(threads, loopThreads);
            long elapsed = System.nanoTime() - start;
            feeder.stop = true;
            return new Result((after - before) * 1e9 / elapsed, (double) (cpuAfter - cpuBefore) / elapsed);
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static long cpu(ThreadMXBean threads, long[] ids) {
        long sum = 0;
        for (long id : ids) {
            sum += threads.getThreadCpuTime(id);
        }
        return sum;
    }

    /** The packets every sink got so far, each counted on its own loop. */
    private static long total(List<TouchingSink> sinks, EventLoop[] loops) throws Exception {
        long sum = 0;
        for (int l = 0; l < loops.length; l++) {
            int loop = l;
            sum += loops[l].submit(() -> {
                long n = 0;
                for (int i = loop; i < sinks.size(); i += loops.length) {
                    n += sinks.get(i).packets;
                }
                return n;
            }).get();
        }
        return sum;
    }

    /** Sends a batch of packets, then queues itself again behind whatever else the loop has to do. */
    private static final class Feeder implements Runnable {
        private final Broadcast origin;
        private final EventLoop loop;
        private final byte[] key;
        private final byte[] delta;
        private int sequence;
        volatile boolean stop;

        Feeder(Broadcast origin, EventLoop loop) {
            this.origin = origin;
            this.loop = loop;
            byte[] payload = Arrays.copyOf(VP8_DELTA, 1200 - 24);
            this.delta = video(0, 0, payload);
            byte[] keyPayload = Arrays.copyOf(VP8_KEY, 1200 - 24);
            this.key = video(0, 0, keyPayload);
        }

        @Override
        public void run() {
            for (int i = 0; i < BATCH; i++) {
                byte[] p = sequence % 300 == 0 ? key : delta;
                Bytes.put16(p, 2, sequence);
                Bytes.put32(p, 4, 3000 * (sequence / 10));
                Bytes.put16(p, 17, sequence);
                origin.onRtp(p, 0, p.length, System.nanoTime());
                sequence++;
            }
            if (sequence % (BATCH * 64) == 0) {
                origin.tick();
            }
            if (!stop) {
                loop.execute(this);
            }
        }
    }
}
