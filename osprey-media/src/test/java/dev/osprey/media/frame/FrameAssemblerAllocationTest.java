package dev.osprey.media.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.Bytes;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Assembling frames, with reordering, loss and keyframe recovery, allocates nothing once warm. */
class FrameAssemblerAllocationTest {

    /** Counts instead of recording, so the listener itself allocates nothing. */
    static final class CountingListener implements FrameListener {
        long frames;
        long bytes;
        long keyframeRequests;

        @Override
        public void onFrame(AssembledFrame frame) {
            frames++;
            bytes += frame.length();
        }

        @Override
        public void keyframeNeeded() {
            keyframeRequests++;
        }
    }

    /** One track: a looped clip whose datagrams get fresh sequence numbers and timestamps in place. */
    static final class Track {
        final Clip clip;
        final CountingListener listener = new CountingListener();
        final FrameAssembler assembler;
        final RtpPacket rtp = new RtpPacket();
        int sequence;
        int frame;

        Track(String codec) {
            boolean audio = RtpPayloadFormats.isAudio(codec);
            clip = Clip.of(codec, 12, 6, 0, 0);
            assembler = new FrameAssembler(RtpPayloadFormats.depacketizer(codec), !audio,
                    audio ? FrameAssembler.Options.audio() : FrameAssembler.Options.defaults(), listener);
        }

        /** Sends the next frame: every 7th with its first two packets swapped, one packet of every 97th lost. */
        void sendFrame(long now) {
            List<byte[]> packets = clip.packets.get(frame % clip.frames.size());
            int n = packets.size();
            boolean swap = frame % 7 == 3 && n >= 2;
            for (int k = 0; k < n; k++) {
                int index = swap && k < 2 ? 1 - k : k;
                byte[] d = packets.get(index);
                Bytes.put16(d, 2, sequence + index);
                Bytes.put32(d, 4, frame * 3000);
                if (frame % 97 == 50 && index == n - 1) {
                    continue;
                }
                rtp.wrap(d, 0, d.length);
                assembler.onPacket(rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(), d, rtp.payloadOffset(),
                        rtp.payloadLength(), now);
            }
            sequence += n;
            frame++;
            assembler.poll(now);
        }
    }

    @Test
    void steadyStateAssemblyAllocatesNothing() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Track[] tracks = {new Track("VP8"), new Track("VP9"), new Track("H264"), new Track("AV1"), new Track("opus")};
        long[] now = {5_000_000_000L};
        // A long warm-up: while methods move up the JIT tiers, HotSpot itself allocates a few bytes on
        // the calling thread, which would be counted against the code under test.
        run(tracks, now, 60_000);

        long before = threads.getCurrentThreadAllocatedBytes();
        run(tracks, now, 10_000);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        for (Track t : tracks) {
            assertThat(t.listener.frames).as(t.clip.codec).isGreaterThan(60_000);
            assertThat(t.assembler.packetsLost()).as(t.clip.codec).isGreaterThan(500);
        }
        assertThat(tracks[0].listener.keyframeRequests).isGreaterThan(500);
        assertThat(allocated).isZero();
    }

    private static void run(Track[] tracks, long[] now, int frames) {
        for (int i = 0; i < frames; i++) {
            for (Track t : tracks) {
                t.sendFrame(now[0]);
            }
            now[0] += TimeUnit.MILLISECONDS.toNanos(40);
        }
    }
}
