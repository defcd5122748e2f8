package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import static org.awaitility.Awaitility.await;

import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import java.util.ArrayList;
import java.util.List;

class BroadcastMirrorTest {
    private final Fixture f = new Fixture();
    private final LoopExecutor otherLoop = new LoopExecutor();

    private Sink joinMirror(Broadcast mirror, int n) {
        Sink sink = new Sink();
        sink.viewer = mirror.addViewer("mirror-viewer" + n, viewer(n, true), sink);
        return sink;
    }

    @Test
    void aViewerOnTheOriginsOwnLoopJoinsTheOriginItself() {
        java.util.concurrent.Executor own = Runnable::run;
        Broadcast b = new Broadcast("s", PUBLISHER, new CountingSource(), own, f.clock, BroadcastOptions.defaults());
        assertThat(b.mirrorOn(own)).isSameAs(b);
        assertThat(b.mirrorOn(otherLoop)).isNotSameAs(b).matches(Broadcast::isMirror);
    }

    @Test
    void aMirrorViewerReceivesTheOriginsPacketsInOrder() {
        Sink local = f.join(1, true);
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        Sink remote = joinMirror(mirror, 2);
        otherLoop.runAll();
        assertThat(f.broadcast.mirrorOn(otherLoop)).as("one mirror per loop").isSameAs(mirror);

        f.send(video(10, 0, VP8_KEY));
        for (int i = 11; i < 60; i++) {
            f.send(video(i, 3000 * i, VP8_DELTA));
            f.send(audio(i, 960 * i));
        }
        assertThat(remote.rtp).as("nothing before the mirror's loop runs").isEmpty();
        otherLoop.runAll();

        assertThat(remote.rtp).hasSameSizeAs(local.rtp).hasSize(99);
        List<Integer> videoSequences = new ArrayList<>();
        for (byte[] p : remote.rtp) {
            if (ssrc(p) == 0x2002) {
                videoSequences.add(seq(p));
            }
        }
        assertThat(videoSequences).hasSize(50);
        for (int i = 1; i < videoSequences.size(); i++) {
            assertThat(videoSequences.get(i)).isEqualTo((videoSequences.get(i - 1) + 1) & 0xFFFF);
        }
        assertThat(f.broadcast.viewerCount()).isEqualTo(1);
        assertThat(f.broadcast.mirroredViewerCount()).isEqualTo(1);
    }

    @Test
    void aMirrorViewersKeyframeRequestReachesTheOriginsSource() {
        f.send(video(10, 0, VP8_KEY));
        f.advanceMillis(2000);
        long before = f.plis();
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        joinMirror(mirror, 2);
        otherLoop.runAll(); // the viewer joins the mirror, which asks its source (the origin) for a keyframe

        assertThat(f.plis()).isEqualTo(before + 1);
    }

    @Test
    void theMirrorsViewersGetTheSourcesSenderReports() {
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        Sink remote = joinMirror(mirror, 2);
        otherLoop.runAll();
        f.send(audio(1, 960));
        byte[] sr = new byte[64];
        int n = SenderReport.write(sr, 0, AUDIO_SSRC, 0x1234_5678_0000_0000L, 960, 1, 4, null, 0);
        f.broadcast.onRtcp(sr, 0, n);
        otherLoop.runAll();
        f.advanceMillis(1100);
        f.broadcast.tick(); // the origin ticks its mirrors on their loop
        otherLoop.runAll();

        assertThat(mirror.senderReportsReceived()).isEqualTo(1);
        assertThat(remote.viewer.senderReportsSent()).isPositive();
    }

    @Test
    void aMirrorWithoutViewersIsDroppedAfterTheGracePeriod() {
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        Sink remote = joinMirror(mirror, 2);
        otherLoop.runAll();
        mirror.removeViewer(remote.viewer);
        otherLoop.runAll();
        f.advanceMillis(BroadcastMirror.IDLE_GRACE_NANOS / 1_000_000 + 1);
        f.broadcast.tick();
        otherLoop.runAll();

        assertThat(f.broadcast.mirrorCount()).isZero();
        f.send(audio(1, 960));
        assertThat(otherLoop.queued()).as("no copy for a dropped mirror").isZero();
        assertThat(f.broadcast.mirrorOn(otherLoop)).as("a later viewer gets a new mirror").isNotSameAs(mirror);
    }

    @Test
    void aMirrorWithAViewerStays() {
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        joinMirror(mirror, 2);
        otherLoop.runAll();
        f.advanceMillis(BroadcastMirror.IDLE_GRACE_NANOS / 1_000_000 + 1);
        f.broadcast.tick();

        assertThat(f.broadcast.mirrorCount()).isOne();
    }

    @Test
    void theOriginsEndAndRestartReachTheMirror() {
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        Sink remote = joinMirror(mirror, 2);
        otherLoop.runAll();
        RecordingTap tap = new RecordingTap();
        mirror.addTap("t", tap);
        otherLoop.runAll();
        f.broadcast.end();
        otherLoop.runAll();
        await().atMost(Duration.ofSeconds(5)).until(() -> tap.count("close") == 1);

        SourceDescription restarted = publisher(0xA1, 0xB1, 0xB2, true, false);
        f.broadcast.restartSource(restarted);
        otherLoop.runAll();
        assertThat(mirror.sourceDescription()).isEqualTo(restarted);
        f.send(rtp(VIDEO_PT, 7, 0, 0xB1, 1, VP8_KEY));
        otherLoop.runAll();
        assertThat(remote.rtp).as("the restarted source reaches the mirror's viewer").hasSize(1);
    }

    @Test
    void aMirrorWhoseLoopFallsBehindGrowsItsLaneThenDropsWhatItCannotHold() {
        Broadcast mirror = f.broadcast.mirrorOn(otherLoop);
        Sink remote = joinMirror(mirror, 2);
        otherLoop.runAll();
        for (int i = 0; i < BroadcastMirror.MAX_SLOTS + 10; i++) {
            f.send(audio(i, 960 * i));
        }
        otherLoop.runAll();
        assertThat(remote.rtp).hasSize(BroadcastMirror.MAX_SLOTS);
        for (int i = 1; i < remote.rtp.size(); i++) {
            assertThat(seq(remote.rtp.get(i))).as("order kept across the lane's growth")
                    .isEqualTo((seq(remote.rtp.get(i - 1)) + 1) & 0xFFFF);
        }
        f.broadcast.tick();
        assertThat(f.broadcast.mirrorLaneDrops()).isEqualTo(10);
        f.send(audio(BroadcastMirror.MAX_SLOTS + 10, 0));
        otherLoop.runAll();
        assertThat(remote.rtp).as("the lane takes packets again once drained").hasSize(BroadcastMirror.MAX_SLOTS + 1);
    }

    @Test
    void aLaneWhoseLoopKeepsUpStaysSmall() {
        BroadcastMirror lane = new BroadcastMirror(f.broadcast, otherLoop, () -> 0L, BroadcastOptions.defaults());
        byte[] packet = audio(1, 960);
        for (int i = 0; i < 10 * BroadcastMirror.INITIAL_SLOTS; i++) {
            lane.offerRtp(packet, 0, packet.length, 0);
            otherLoop.runAll();
        }
        assertThat(lane.slotCount()).isEqualTo(BroadcastMirror.INITIAL_SLOTS);
        assertThat(lane.dropped()).isZero();
    }
}
