package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

/** The steady-state forward path (and tick, viewer NACKs and a tap's copy) allocates nothing. */
class ForwardingAllocationTest {

    /** Counts instead of recording, so the sink itself allocates nothing. */
    static final class CountingSink implements MediaSink {
        long rtp;
        long rtcp;
        int transportSeq;

        @Override
        public void sendRtp(byte[] buf, int off, int len) {
            rtp++;
        }

        @Override
        public void sendRtcp(byte[] buf, int off, int len) {
            rtcp++;
        }

        @Override
        public int nextTransportSequenceNumber() {
            return transportSeq++;
        }
    }

    private long now = 5_000_000_000L;

    @Test
    void steadyStateForwardingAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountingSource source = new CountingSource();
        Broadcast b = new Broadcast("s", PUBLISHER, source, Runnable::run, () -> now, BroadcastOptions.defaults());
        // a tap's copy is part of the packet path; this one counts what it gets
        long[] tapped = new long[1];
        b.addTap("counting", new Tap() {
            @Override
            public void onStart(SourceDescription source, TapControl control) {
            }

            @Override
            public void onSourceChanged(SourceDescription source) {
            }

            @Override
            public void onRtp(int track, dev.osprey.webrtc.rtp.RtpPacket packet, long arrivalNanos) {
                tapped[0]++;
            }

            @Override
            public void onSenderReport(int track, long ntpTimestamp, int rtpTimestamp, long arrivalNanos) {
            }

            @Override
            public void onGap(long lost) {
            }

            @Override
            public void onClose() {
            }
        });
        CountingSink[] sinks = new CountingSink[3];
        Viewer[] subs = new Viewer[3];
        for (int i = 0; i < 3; i++) {
            sinks[i] = new CountingSink();
            subs[i] = b.addViewer("v" + i, viewer(i, true), sinks[i]);
        }
        byte[] key = video(0, 0, VP8_KEY);
        byte[] delta = video(0, 0, VP8_DELTA);
        byte[] sound = audio(0, 0);
        byte[] nack = new byte[64];
        int[] lost = new int[1];
        // A long warm-up: while methods move up the JIT tiers, HotSpot itself allocates a few bytes on
        // the calling thread, which would be counted against the code under test.
        run(b, subs, key, delta, sound, nack, lost, 0, 150_000);

        long allocated = leastAllocatedOfThreeRounds(threads,
                (from, to) -> run(b, subs, key, delta, sound, nack, lost, from, to), 150_000, 20_000);

        assertThat(sinks[0].rtp).isGreaterThan(2 * 170_000);
        assertThat(subs[0].retransmissionsSent()).isGreaterThan(3000);
        assertThat(source.rtcp).isGreaterThan(10);
        assertThat(tapped[0]).isPositive();
        assertThat(allocated).isZero();
    }

    @Test
    void handingPacketsToAMirrorOnAnotherLoopAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Broadcast origin = new Broadcast("s", PUBLISHER, new CountingSource(), Runnable::run, () -> now,
                BroadcastOptions.defaults());
        LoopExecutor otherLoop = new LoopExecutor();
        Broadcast mirror = origin.mirrorOn(otherLoop);
        CountingSink[] sinks = new CountingSink[2];
        Viewer[] subs = new Viewer[2];
        for (int i = 0; i < 2; i++) {
            sinks[i] = new CountingSink();
            subs[i] = mirror.addViewer("v" + i, viewer(i, true), sinks[i]);
        }
        otherLoop.runAll();
        byte[] key = video(0, 0, VP8_KEY);
        byte[] delta = video(0, 0, VP8_DELTA);
        byte[] sound = audio(0, 0);
        byte[] nack = new byte[64];
        int[] lost = new int[1];
        Runnable drain = otherLoop::runAll;
        run(origin, subs, key, delta, sound, nack, lost, 0, 150_000, drain);

        long allocated = leastAllocatedOfThreeRounds(threads,
                (from, to) -> run(origin, subs, key, delta, sound, nack, lost, from, to, drain), 150_000, 20_000);

        assertThat(sinks[1].rtp).isEqualTo(2 * 210_000);
        assertThat(subs[0].retransmissionsSent()).as("NACKs answered from the mirror's own cache").isGreaterThan(3000);
        assertThat(allocated).isZero();
    }

    /** Packets {@code from} to {@code to} (exclusive) of a run. */
    private interface Round {
        void run(int from, int to);
    }

    /**
     * Bytes this thread allocated in the least of three rounds of {@code size} packets after {@code from}.
     * A per-packet allocation shows in every round; HotSpot's own one-off allocations (a deoptimised frame
     * re-creating the objects escape analysis had removed) land in one round at most.
     */
    private static long leastAllocatedOfThreeRounds(com.sun.management.ThreadMXBean threads, Round round,
                                                    int from, int size) {
        long least = Long.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long before = threads.getCurrentThreadAllocatedBytes();
            round.run(from + r * size, from + (r + 1) * size);
            least = Math.min(least, threads.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    private void run(Broadcast b, Viewer[] subs, byte[] key, byte[] delta, byte[] sound, byte[] nack,
                     int[] lost, int from, int to) {
        run(b, subs, key, delta, sound, nack, lost, from, to, () -> { });
    }

    /** {@code otherLoops} runs what the broadcast queued for other loops, after each pair of packets. */
    private void run(Broadcast b, Viewer[] subs, byte[] key, byte[] delta, byte[] sound, byte[] nack,
                     int[] lost, int from, int to, Runnable otherLoops) {
        for (int i = from; i < to; i++) {
            byte[] v = i % 100 == 0 ? key : delta;
            Bytes.put16(v, 2, i);
            Bytes.put32(v, 4, 3000 * (i / 3));
            Bytes.put16(v, 17, 2 * i);
            b.onRtp(v, 0, v.length, now);
            Bytes.put16(sound, 2, i);
            Bytes.put32(sound, 4, 960 * i);
            Bytes.put16(sound, 17, 2 * i + 1);
            b.onRtp(sound, 0, sound.length, now);
            otherLoops.run();
            now += 10_000_000L;
            if (i % 5 == 0) {
                b.tick();
                otherLoops.run();
            }
            if (i % 50 == 25) {
                lost[0] = (subs[0].nextSequence(VIDEO) - 3) & 0xFFFF;
                int len = Nack.write(nack, 0, 0x2000, 0x2000, lost, 0, 1);
                subs[0].onRtcp(nack, 0, len);
            }
        }
    }
}
