package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

class TapTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Keeps the tap's worker going: the broadcast only wakes it from tick() (or when its queue fills). */
    private static void tickUntil(Fixture f, java.util.concurrent.Callable<Boolean> done) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> {
            f.broadcast.tick();
            return done.call();
        });
    }

    private static byte[] rtxOf(byte[] original, int rtxSequence) {
        RtpPacket view = new RtpPacket();
        view.wrap(original, 0, original.length);
        byte[] rtx = new byte[original.length + Rtx.OSN_LENGTH];
        Rtx.wrap(view, rtx, 0, VIDEO_RTX_SSRC, rtxSequence, VIDEO_RTX_PT);
        return rtx;
    }

    @Test
    void aTapGetsEveryPacketOnItsOwnThreadAsTheSourceSentIt() {
        Fixture f = new Fixture();
        RecordingTap tap = new RecordingTap();
        TapHandle handle = f.broadcast.addTap("rec", tap);
        f.send(audio(1, 960));
        f.send(video(10, 0, VP8_KEY));
        f.send(video(12, 3000, VP8_DELTA));
        f.send(rtxOf(video(11, 0, VP8_MIDDLE), 500)); // the publisher repairs 11
        byte[] sr = new byte[28];
        SenderReport.write(sr, 0, VIDEO_SSRC, 1L << 40, 2999, 3, 300, null, 0);
        f.broadcast.onRtcp(sr, 0, sr.length);
        tickUntil(f, () -> tap.events.size() == 6);

        assertThat(tap.events).containsExactly("start 2", "rtp 0 a0a0a0a0 1", "rtp 1 b0b0b0b0 10",
                "rtp 1 b0b0b0b0 12", "rtp 1 b0b0b0b0 11", "sr 1 2999");
        assertThat(tap.thread).isNotSameAs(Thread.currentThread());
        assertThat(tap.packets.get(1)).isEqualTo(video(10, 0, VP8_KEY));
        byte[] repaired = tap.packets.get(3);
        assertThat(pt(repaired)).isEqualTo(VIDEO_PT);
        assertThat(Arrays.copyOfRange(repaired, repaired.length - VP8_MIDDLE.length, repaired.length))
                .isEqualTo(VP8_MIDDLE);
        assertThat(handle.packetsDelivered()).isEqualTo(4);
        assertThat(handle.packetsDropped()).isZero();
    }

    @Test
    void aTapThatBlocksForeverCostsTheViewersNothingAndCountsWhatItMisses() throws Exception {
        Fixture f = new Fixture();
        Sink viewer = f.join(1, true);
        CountDownLatch release = new CountDownLatch(1);
        RecordingTap stuck = new RecordingTap() {
            @Override
            public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
                super.onRtp(track, packet, arrivalNanos);
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        TapHandle handle = f.broadcast.addTap("stuck", stuck, 16 * 1024);
        f.send(video(0, 0, VP8_KEY));
        tickUntil(f, () -> stuck.count("rtp") == 1); // the worker is now blocked inside the tap

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 1; i <= 2000; i++) {
                f.advanceMillis(1);
                f.send(video(i, 3000 * i, VP8_DELTA));
                f.broadcast.tick();
            }
        });
        assertThat(viewer.rtp).hasSize(2001);
        long dropped = handle.packetsDropped();
        assertThat(dropped).isGreaterThan(1000);

        release.countDown();
        tickUntil(f, () -> handle.packetsDelivered() + dropped == 2001); // the queue drained
        f.send(video(2001, 3000 * 2001, VP8_DELTA));
        tickUntil(f, () -> stuck.events.contains("rtp 1 b0b0b0b0 2001"));
        assertThat(stuck.events).contains("gap " + dropped);
        assertThat(handle.packetsDelivered() + dropped).isEqualTo(2002);
    }

    @Test
    void aTapThatThrowsIsToldOfTheGapAndKeepsGoingWhileViewersGetEverything() {
        Fixture f = new Fixture();
        Sink viewer = f.join(1, true);
        RecordingTap throwing = new RecordingTap() {
            @Override
            public void onRtp(int track, RtpPacket packet, long arrivalNanos) {
                super.onRtp(track, packet, arrivalNanos);
                if (packet.sequenceNumber() % 10 == 5) {
                    throw new IllegalStateException("broken muxer");
                }
            }
        };
        TapHandle handle = f.broadcast.addTap("throwing", throwing);
        f.send(video(0, 0, VP8_KEY));
        for (int i = 1; i < 100; i++) {
            f.send(video(i, 3000 * i, VP8_DELTA));
        }
        tickUntil(f, () -> throwing.count("rtp") == 100);

        assertThat(viewer.rtp).hasSize(100);
        assertThat(handle.errors()).isEqualTo(10);
        assertThat(throwing.count("gap 1")).isEqualTo(10); // before the packet that followed each throw
        int afterFirstThrow = throwing.events.indexOf("rtp 1 b0b0b0b0 5") + 1;
        assertThat(throwing.events.subList(afterFirstThrow, afterFirstThrow + 2))
                .containsExactly("gap 1", "rtp 1 b0b0b0b0 6");
    }

    @Test
    void aTapsKeyframeRequestReachesTheSourceAtTheNextTickThrottledWithTheViewers() {
        Fixture f = new Fixture();
        RecordingTap tap = new RecordingTap();
        f.broadcast.addTap("rec", tap);
        f.send(video(0, 0, VP8_KEY));
        tickUntil(f, () -> tap.control != null);
        f.source.keyframeRequests.clear();

        tap.control.requestKeyframe(AUDIO); // audio has no keyframes
        tap.control.requestKeyframe(VIDEO);
        f.broadcast.tick();
        assertThat(f.source.keyframeRequests).containsExactly(VIDEO);

        tap.control.requestKeyframe(VIDEO);
        f.broadcast.tick();
        f.join(1, true); // a viewer asks too
        assertThat(f.source.keyframeRequests).as("throttled").containsExactly(VIDEO);
        f.advanceMillis(BroadcastOptions.defaults().keyframeRequestInterval() / 1_000_000);
        f.broadcast.tick();
        assertThat(f.source.keyframeRequests).as("the deferred request goes out once").containsExactly(VIDEO, VIDEO);
    }

    @Test
    void aRestartedSourceReachesTheTapBetweenItsPackets() {
        Fixture f = new Fixture();
        RecordingTap tap = new RecordingTap();
        f.broadcast.addTap("rec", tap);
        f.send(audio(1, 960));
        f.broadcast.restartSource(publisher(0x0A0A, 0x0B0B, 0x0B0C, true, false));
        f.send(rtp(AUDIO_PT, 7, 960, 0x0A0A, 1, new byte[] {1}));
        tickUntil(f, () -> tap.events.size() == 4);
        assertThat(tap.events).containsExactly("start 2", "rtp 0 a0a0a0a0 1", "source 2 a0a", "rtp 0 a0a 7");
    }

    @Test
    void endingTheBroadcastClosesItsTapsAfterWhatWasQueued() throws Exception {
        Fixture f = new Fixture();
        RecordingTap tap = new RecordingTap();
        TapHandle handle = f.broadcast.addTap("rec", tap);
        for (int i = 0; i < 50; i++) {
            f.send(audio(i, 960 * i));
        }
        f.broadcast.end();
        assertThat(handle.awaitClosed(WAIT)).isTrue();
        assertThat(tap.count("rtp")).isEqualTo(50);
        assertThat(tap.events.get(tap.events.size() - 1)).isEqualTo("close");

        RecordingTap late = new RecordingTap();
        TapHandle lateHandle = f.broadcast.addTap("late", late);
        assertThat(lateHandle.awaitClosed(WAIT)).isTrue();
        assertThat(late.events).containsExactly("start 2", "close");

        f.broadcast.restartSource(publisher(0x0A0A, 0x0B0B, 0x0B0C, true, false)); // a publisher takes it over
        RecordingTap revived = new RecordingTap();
        f.broadcast.addTap("revived", revived);
        f.send(rtp(AUDIO_PT, 1, 960, 0x0A0A, 1, new byte[] {1}));
        tickUntil(f, () -> revived.count("rtp") == 1);
    }

    @Test
    void tapsStartAndStopSafelyAtAnyMomentWhilePacketsFlow() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        Broadcast b = new Broadcast("s", PUBLISHER, new CountingSource(), loop, MediaClock.system(),
                BroadcastOptions.defaults());
        Thread source = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                byte[] p = audio(i & 0xFFFF, 960 * i);
                loop.execute(() -> {
                    b.onRtp(p, 0, p.length, System.nanoTime());
                    b.tick();
                });
                if (i % 64 == 0) {
                    LockSupport.parkNanos(50_000); // let the loop breathe, so control calls interleave with packets
                }
            }
        });
        source.start();
        Random random = new Random(7);
        List<RecordingTap> taps = new ArrayList<>();
        List<TapHandle> handles = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            RecordingTap tap = new RecordingTap();
            TapHandle handle = b.addTap("t" + i, tap, 8 * 1024);
            taps.add(tap);
            handles.add(handle);
            LockSupport.parkNanos(random.nextInt(2_000_000)); // stop some soon after they start, others later
            handles.get(random.nextInt(handles.size())).stop();
        }
        handles.forEach(TapHandle::stop);
        for (TapHandle h : handles) {
            assertThat(h.awaitClosed(WAIT)).isTrue();
        }
        source.interrupt();
        source.join();
        loop.shutdown();
        assertThat(loop.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        for (RecordingTap tap : taps) {
            assertThat(tap.events.get(0)).startsWith("start");
            assertThat(tap.count("start")).isEqualTo(1);
            assertThat(tap.count("close")).isEqualTo(1);
            assertThat(tap.events.get(tap.events.size() - 1)).isEqualTo("close");
            assertThat(tap.count("rtp")).isEqualTo(tap.packets.size());
        }
        assertThat(taps.stream().mapToLong(t -> t.count("rtp")).sum()).isPositive();
    }

    @Test
    void theViewersBestEstimateIsTheSourcesBitrateHint() {
        Fixture f = new Fixture();
        Sink a = f.join(1, true);
        Sink b = f.join(2, true);
        f.send(audio(1, 960));
        byte[] remb = new byte[64];
        int len = Remb.write(remb, 0, 0x1001, 1_200_000, new int[] {0x2001}, 1);
        a.viewer.onRtcp(remb, 0, len);
        len = Remb.write(remb, 0, 0x1002, 3_000_000, new int[] {0x2002}, 1);
        b.viewer.onRtcp(remb, 0, len);
        f.broadcast.tick();
        assertThat(f.source.bitrateHints).hasSize(1);
        assertThat(f.source.bitrateHints.get(0)).isBetween(2_990_000L, 3_000_000L);
        f.broadcast.tick();
        assertThat(f.source.bitrateHints).as("once per report interval").hasSize(1);
    }
}
