package dev.osprey.ingest.ts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demuxer on transport streams that Debian's ffmpeg wrote. */
class TsDemuxerFfmpegTest {
    private static final long FRAME_TICKS = 90_000 / 25;
    private static final double AAC_FRAME_TICKS = 1024 * 90_000 / 44_100.0;

    @TempDir
    static Path dir;
    private static byte[] h264;

    @BeforeAll
    static void encode() throws Exception {
        h264 = FfmpegTs.h264AndAac(dir);
    }

    @Test
    void announcesH264VideoAndAacAudioOnceThePmtIsParsed() {
        RecordingListener out = demux(h264);

        assertThat(out.programs).hasSize(1);
        TsProgramDescription program = out.programs.get(0);
        assertThat(program.hasVideo()).isTrue();
        assertThat(program.hasAudio()).isTrue();
        assertThat(program.video().orElseThrow().codec()).isEqualTo(TsCodec.H264);
        assertThat(program.audio().orElseThrow().codec()).isEqualTo(TsCodec.AAC);
    }

    @Test
    void givesSeventyFiveAccessUnitsWithAKeyframeEveryTwentyFiveForThreeSeconds() {
        RecordingListener out = demux(h264);

        assertThat(out.video).hasSizeBetween(74, 76);
        assertThat(out.keyframes()).isEqualTo(3);
        assertThat(out.video.get(0).keyframe()).isTrue();
        assertThat(out.video.get(25).keyframe()).isTrue();
        assertThat(out.video.get(50).keyframe()).isTrue();
        for (int i = 0; i < out.video.size(); i++) {
            RecordingListener.VideoUnit unit = out.video.get(i);
            assertThat(unit.codec()).isEqualTo(TsCodec.H264);
            assertThat(unit.data()).startsWith(0, 0, 0, 1);
            assertThat(unit.dts()).isEqualTo(unit.pts()); // no B-frames
            if (i > 0) {
                assertThat(unit.pts() - out.video.get(i - 1).pts()).isEqualTo(FRAME_TICKS);
            }
        }
    }

    @Test
    void splitsAacIntoAdtsFramesEachWithItsOwnTimestamp() {
        RecordingListener out = demux(h264);

        assertThat(out.audio).hasSizeBetween(125, 134); // 3 s × 44100 / 1024 ≈ 129
        for (int i = 0; i < out.audio.size(); i++) {
            RecordingListener.AudioFrame frame = out.audio.get(i);
            assertThat(frame.header().sampleRate()).isEqualTo(44_100);
            assertThat(frame.header().channelConfiguration()).isEqualTo(1);
            assertThat(frame.header().audioObjectType()).isEqualTo(2);
            assertThat(frame.data()[0] & 0xFF).isEqualTo(0xFF);
            int frameLength = ((frame.data()[3] & 0x03) << 11) | ((frame.data()[4] & 0xFF) << 3)
                    | ((frame.data()[5] & 0xFF) >>> 5);
            assertThat(frame.data()).hasSize(frameLength);
            // ffmpeg rounds each PES's PTS to a tick, so a frame may be a tick off the ideal line, no more.
            double ideal = out.audio.get(0).pts() + i * AAC_FRAME_TICKS;
            assertThat((double) frame.pts()).isCloseTo(ideal, Offset.offset(1.5));
            if (i > 0) {
                assertThat(frame.pts() - out.audio.get(i - 1).pts()).isBetween(2089L, 2091L);
            }
        }
        // Audio and video share one time line: their first timestamps are within a second.
        assertThat(Math.abs(out.audio.get(0).pts() - out.video.get(0).pts())).isLessThan(90_000);
    }

    @Test
    void givesTheSameOutputForRandomChunkSizesAsForOnePiece() {
        RecordingListener whole = demux(h264);
        Random random = new Random(42);
        for (int run = 0; run < 5; run++) {
            RecordingListener chunked = new RecordingListener();
            TsDemuxer demuxer = new TsDemuxer(chunked);
            int position = 0;
            while (position < h264.length) {
                int size = Math.min(1 + random.nextInt(2000), h264.length - position);
                demuxer.feed(h264, position, size);
                position += size;
            }
            demuxer.flush();

            assertThat(chunked.events).isEqualTo(whole.events);
            assertThat(demuxer.stats().syncLosses()).isZero();
        }
    }

    @Test
    void resynchronisesAfterGarbageInPlaceOfAPacketAndCountsWhatItLost() {
        RecordingListener clean = demux(h264);
        int videoPid = clean.programs.get(0).video().orElseThrow().pid();
        int lost = firstPacketOfPidAfter(h264, videoPid, h264.length / 2);
        byte[] garbage = new byte[1000];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == PacketSynchronizer.SYNC_BYTE) {
                garbage[i] = 0; // a 0x47 in the garbage may fake sync for a moment; not what this test is about
            }
        }
        byte[] damaged = new byte[h264.length - 188 + garbage.length];
        System.arraycopy(h264, 0, damaged, 0, lost);
        System.arraycopy(garbage, 0, damaged, lost, garbage.length);
        System.arraycopy(h264, lost + 188, damaged, lost + garbage.length, h264.length - lost - 188);

        RecordingListener out = new RecordingListener();
        TsDemuxer demuxer = new TsDemuxer(out);
        demuxer.feed(damaged);
        demuxer.flush();

        TsDemuxerStats stats = demuxer.stats();
        assertThat(stats.syncLosses()).isEqualTo(1);
        assertThat(stats.resyncs()).isEqualTo(1);
        assertThat(stats.skippedBytes()).isEqualTo(garbage.length);
        assertThat(stats.continuityErrors()).isEqualTo(1);
        assertThat(stats.droppedPes()).isEqualTo(1);
        assertThat(stats.packets()).isEqualTo(h264.length / 188 - 1);
        assertThat(out.video).hasSize(clean.video.size() - 1);
        assertThat(out.video.get(out.video.size() - 1).pts()).isEqualTo(clean.video.get(clean.video.size() - 1).pts());
        assertThat(out.audio).hasSameSizeAs(clean.audio);
    }

    @Test
    void acceptsAPacketWhoseSyncByteIsInPlaceEvenIfGarbageFollowsIt() {
        RecordingListener clean = demux(h264);
        int videoPid = clean.programs.get(0).video().orElseThrow().pid();
        int cut = firstPacketOfPidAfter(h264, videoPid, h264.length / 2) + 37;
        byte[] garbage = new byte[1000];
        Arrays.fill(garbage, (byte) 0xA5);
        byte[] damaged = new byte[h264.length + garbage.length];
        System.arraycopy(h264, 0, damaged, 0, cut);
        System.arraycopy(garbage, 0, damaged, cut, garbage.length);
        System.arraycopy(h264, cut, damaged, cut + garbage.length, h264.length - cut);

        RecordingListener out = new RecordingListener();
        TsDemuxer demuxer = new TsDemuxer(out);
        demuxer.feed(damaged);
        demuxer.flush();

        // 37 bytes of the packet and 151 of garbage pass as that packet; the remaining 849 bytes of
        // garbage and the 151 bytes left of the real packet are skipped before sync is found again.
        TsDemuxerStats stats = demuxer.stats();
        assertThat(stats.syncLosses()).isEqualTo(1);
        assertThat(stats.resyncs()).isEqualTo(1);
        assertThat(stats.skippedBytes()).isEqualTo(849 + 151);
        assertThat(out.video).hasSameSizeAs(clean.video);
        long damagedUnits = IntStream.range(0, out.video.size())
                .filter(i -> !Arrays.equals(out.video.get(i).data(), clean.video.get(i).data()))
                .count();
        assertThat(damagedUnits).isEqualTo(1);
    }

    @Test
    void reportsAudioOnlyForAStreamWithoutVideo() throws Exception {
        RecordingListener out = demux(FfmpegTs.aacOnly(dir));

        assertThat(out.programs).hasSize(1);
        assertThat(out.programs.get(0).hasVideo()).isFalse();
        assertThat(out.programs.get(0).hasAudio()).isTrue();
        assertThat(out.video).isEmpty();
        assertThat(out.audio).hasSizeBetween(125, 134);
    }

    @Test
    void demultiplexesH265WithItsKeyframes() throws Exception {
        assumeThat(FfmpegTs.hasEncoder("libx265")).as("ffmpeg has libx265").isTrue();
        RecordingListener out = demux(FfmpegTs.h265AndAac(dir));

        assertThat(out.programs.get(0).video().orElseThrow().codec()).isEqualTo(TsCodec.H265);
        assertThat(out.video).hasSizeBetween(74, 76);
        assertThat(out.keyframes()).isEqualTo(3);
        assertThat(out.video.get(0).keyframe()).isTrue();
        for (int i = 1; i < out.video.size(); i++) {
            assertThat(out.video.get(i).pts() - out.video.get(i - 1).pts()).isEqualTo(FRAME_TICKS);
        }
        assertThat(out.audio).hasSizeBetween(125, 134);
    }

    static RecordingListener demux(byte[] ts) {
        RecordingListener out = new RecordingListener();
        TsDemuxer demuxer = new TsDemuxer(out);
        demuxer.feed(ts);
        demuxer.flush();
        TsDemuxerStats stats = demuxer.stats();
        assertThat(stats.packets()).isEqualTo(ts.length / 188);
        assertThat(stats.continuityErrors() + stats.crcErrors() + stats.droppedPes() + stats.syncLosses()).isZero();
        return out;
    }

    private static int firstPacketOfPidAfter(byte[] ts, int pid, int from) {
        for (int at = from - from % 188; at + 188 <= ts.length; at += 188) {
            int packetPid = ((ts[at + 1] & 0x1F) << 8) | (ts[at + 2] & 0xFF);
            boolean unitStart = (ts[at + 1] & 0x40) != 0;
            if (packetPid == pid && !unitStart) {
                return at;
            }
        }
        throw new AssertionError("no packet of PID " + pid);
    }
}
