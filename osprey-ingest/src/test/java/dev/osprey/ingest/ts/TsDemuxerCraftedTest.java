package dev.osprey.ingest.ts;

import static dev.osprey.ingest.ts.TestTsWriter.AUDIO_PID;
import static dev.osprey.ingest.ts.TestTsWriter.IDR;
import static dev.osprey.ingest.ts.TestTsWriter.PMT_PID;
import static dev.osprey.ingest.ts.TestTsWriter.VIDEO_PID;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The demuxer on hand-made streams: wrap-around, damage and program changes. */
class TsDemuxerCraftedTest {
    private static final long WRAP = 1L << 33;
    private static final byte[] P_SLICE = {0, 0, 0, 1, 0x41, (byte) 0x9A, 0x02, 0x03};

    private final RecordingListener out = new RecordingListener();
    private final TsDemuxer demuxer = new TsDemuxer(out, 64 * 1024);

    @Test
    void unwrapsVideoTimestampsMonotonicallyAcrossThe33BitWrap() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        long first = WRAP - 5 * 3600;
        for (int i = 0; i < 10; i++) {
            long dts = first + i * 3600L;
            ts.pes(VIDEO_PID, (dts + 7200) % WRAP, dts % WRAP, i == 0 ? IDR : P_SLICE, false);
        }
        demuxer.feed(ts.bytes());
        demuxer.flush();

        assertThat(out.video).hasSize(10);
        for (int i = 0; i < 10; i++) {
            assertThat(out.video.get(i).dts()).isEqualTo(first + i * 3600L);
            assertThat(out.video.get(i).pts()).isEqualTo(first + i * 3600L + 7200);
        }
        assertThat(out.video.get(9).dts()).isGreaterThan(WRAP);
        assertThat(out.video.get(0).keyframe()).isTrue();
        assertThat(out.video.get(1).keyframe()).isFalse();
    }

    @Test
    void unwrapsAudioFrameTimestampsAcrossTheWrapOnTheVideosTimeLine() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        long first = WRAP - 1920;
        ts.pes(VIDEO_PID, first, -1, IDR, true);
        byte[] frames = TestTsWriter.concat(TestTsWriter.adtsFrame(3, 2, 20, 1), TestTsWriter.adtsFrame(3, 2, 20, 2),
                TestTsWriter.adtsFrame(3, 2, 20, 3));
        ts.pes(AUDIO_PID, first, -1, frames, true);
        demuxer.feed(ts.bytes());

        assertThat(out.video.get(0).pts()).isEqualTo(first);
        assertThat(out.audio).extracting(RecordingListener.AudioFrame::pts)
                .containsExactly(first, first + 1920, first + 3840); // 1024 samples at 48 kHz = 1920 ticks
    }

    @Test
    void dropsAPatWhoseCrcIsWrongAndCountsIt() {
        TestTsWriter ts = new TestTsWriter().pat(0, PMT_PID, false).pmt(PMT_PID, 0, new int[] {0x1B, VIDEO_PID});
        int damagedPart = ts.bytes().length;
        byte[] stream = ts.pat(0).pmt(PMT_PID, 0, new int[] {0x1B, VIDEO_PID}).bytes();
        demuxer.feed(stream, 0, damagedPart);

        assertThat(out.programs).isEmpty();
        assertThat(demuxer.stats().crcErrors()).isEqualTo(1);

        demuxer.feed(stream, damagedPart, stream.length - damagedPart);

        assertThat(out.programs).hasSize(1);
        assertThat(demuxer.program().tracks()).containsExactly(new TsTrackDescription(VIDEO_PID, TsCodec.H264));
    }

    @Test
    void aContinuityGapDropsOnlyThePesBeingAssembled() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        byte[] big = TestTsWriter.concat(IDR, new byte[1000]);
        ts.pes(VIDEO_PID, 0, -1, big, false);
        ts.packets(VIDEO_PID, TestTsWriter.pesBytes(0xE0, 3600, -1, big, false), 2);
        ts.pes(VIDEO_PID, 7200, -1, big, false);
        demuxer.feed(ts.bytes());
        demuxer.flush();

        assertThat(out.video).extracting(RecordingListener.VideoUnit::pts).containsExactly(0L, 7200L);
        assertThat(out.video.get(0).data()).isEqualTo(big);
        assertThat(demuxer.stats().continuityErrors()).isEqualTo(1);
        assertThat(demuxer.stats().droppedPes()).isEqualTo(1);
    }

    @Test
    void ignoresADuplicatePacket() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        byte[] pes = TestTsWriter.pesBytes(0xE0, 0, -1, TestTsWriter.concat(IDR, new byte[300]), true);
        byte[] first = ts.packet(VIDEO_PID, true, pes, 0, 184, false);
        ts.raw(first).raw(first);
        ts.raw(ts.packet(VIDEO_PID, false, pes, 184, pes.length - 184, false));
        demuxer.feed(ts.bytes());

        assertThat(out.video).hasSize(1);
        assertThat(out.video.get(0).data()).hasSize(IDR.length + 300);
        assertThat(demuxer.stats().continuityErrors()).isZero();
    }

    @Test
    void acceptsAJumpOfTheContinuityCounterThatTheDiscontinuityIndicatorAnnounces() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        ts.pes(VIDEO_PID, 0, -1, IDR, true);
        byte[] next = TestTsWriter.pesBytes(0xE0, 3600, -1, IDR, true);
        byte[] packet = ts.packet(VIDEO_PID, true, next, 0, next.length, true);
        packet[3] = (byte) ((packet[3] & 0xF0) | 9); // the counter jumps
        ts.raw(packet);
        demuxer.feed(ts.bytes());

        assertThat(out.video).hasSize(2);
        assertThat(demuxer.stats().continuityErrors()).isZero();
    }

    @Test
    void dropsAndCountsAPesLargerThanTheLimitThenTakesTheNextOne() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        ts.pes(VIDEO_PID, 0, -1, TestTsWriter.concat(IDR, new byte[100_000]), false);
        ts.pes(VIDEO_PID, 3600, -1, IDR, false);
        demuxer.feed(ts.bytes());
        demuxer.flush();

        assertThat(out.video).extracting(RecordingListener.VideoUnit::pts).containsExactly(3600L);
        assertThat(demuxer.stats().droppedPes()).isEqualTo(1);
        assertThat(demuxer.stats().oversizedPes()).isEqualTo(1);
        assertThat(demuxer.retainedBytes()).isLessThan(3 * 64 * 1024 + 64 * 1024);
    }

    @Test
    void followsAPmtVersionThatAddsAnAudioTrack() {
        TestTsWriter ts = new TestTsWriter().pat(0).pmt(PMT_PID, 0, new int[] {0x1B, VIDEO_PID});
        ts.pes(VIDEO_PID, 0, -1, IDR, true);
        ts.pmt(PMT_PID, 0, new int[] {0x1B, VIDEO_PID}); // repeated: nothing new
        ts.pmt(PMT_PID, 1, new int[] {0x1B, VIDEO_PID}, new int[] {0x0F, AUDIO_PID});
        ts.pes(AUDIO_PID, 0, -1, TestTsWriter.adtsFrame(4, 1, 10, 0), true);
        demuxer.feed(ts.bytes());

        assertThat(out.programs).hasSize(2);
        assertThat(out.programs.get(0).hasAudio()).isFalse();
        assertThat(out.programs.get(1).hasVideo()).isTrue();
        assertThat(out.programs.get(1).hasAudio()).isTrue();
        assertThat(out.video).hasSize(1);
        assertThat(out.audio).hasSize(1);
        assertThat(out.audio.get(0).header().sampleRate()).isEqualTo(44_100);
    }

    @Test
    void followsAPmtThatMovesToAnotherPid() {
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        ts.pat(1, 0x1100, true).pmt(0x1100, 0, new int[] {0x24, 0x200});
        byte[] h265Idr = {0, 0, 0, 1, 0x26, 0x01, (byte) 0xAF, 0x11};
        ts.pes(0x200, 0, -1, h265Idr, true);
        demuxer.feed(ts.bytes());

        assertThat(out.programs).hasSize(2);
        assertThat(out.programs.get(1).pmtPid()).isEqualTo(0x1100);
        assertThat(out.programs.get(1).tracks()).containsExactly(new TsTrackDescription(0x200, TsCodec.H265));
        assertThat(out.video).hasSize(1);
        assertThat(out.video.get(0).codec()).isEqualTo(TsCodec.H265);
        assertThat(out.video.get(0).keyframe()).isTrue(); // NAL type 19, IDR_W_RADL
    }

    @Test
    void readsAPmtSpreadOverTwoPacketsAndTheNextOneStartingAfterThePointerField() {
        int[][] many = new int[41][];
        for (int i = 0; i < 40; i++) {
            many[i] = new int[] {0x06, 0x300 + i};
        }
        many[40] = new int[] {0x1B, VIDEO_PID};
        byte[] first = TestTsWriter.pmtSection(0, many);
        byte[] second = TestTsWriter.pmtSection(1, new int[] {0x1B, VIDEO_PID}, new int[] {0x0F, AUDIO_PID});
        assertThat(first.length).isGreaterThan(183);
        int rest = first.length - 183;
        byte[] start = TestTsWriter.concat(new byte[] {0}, Arrays.copyOf(first, 183));
        byte[] next = new byte[184];
        Arrays.fill(next, (byte) 0xFF);
        next[0] = (byte) rest; // pointer_field: where the second section starts
        System.arraycopy(first, 183, next, 1, rest);
        System.arraycopy(second, 0, next, 1 + rest, second.length);
        TestTsWriter ts = new TestTsWriter().pat(0);
        ts.raw(ts.packet(PMT_PID, true, start, 0, 184, false)).raw(ts.packet(PMT_PID, true, next, 0, 184, false));
        ts.pes(VIDEO_PID, 0, -1, IDR, true);
        demuxer.feed(ts.bytes());

        assertThat(out.programs).hasSize(2);
        assertThat(out.programs.get(0).tracks()).containsExactly(new TsTrackDescription(VIDEO_PID, TsCodec.H264));
        assertThat(out.programs.get(1).version()).isEqualTo(1);
        assertThat(out.programs.get(1).hasAudio()).isTrue();
        assertThat(demuxer.stats().crcErrors()).isZero();
    }

    @Test
    void leavesOutStreamsOfOtherTypesAndASecondVideoStream() {
        demuxer.feed(new TestTsWriter().pat(0).pmt(PMT_PID, 0, new int[] {0x06, 0x300}, new int[] {0x03, 0x301},
                new int[] {0x1B, VIDEO_PID}, new int[] {0x24, 0x302}).bytes());

        assertThat(out.programs).hasSize(1);
        assertThat(out.programs.get(0).tracks()).containsExactly(new TsTrackDescription(VIDEO_PID, TsCodec.H264));
        assertThat(out.programs.get(0).hasAudio()).isFalse();
    }

    @Test
    void anAdtsFrameCutByThePesBoundaryKeepsTheTimingOfTheFramesBeforeIt() {
        byte[] a = TestTsWriter.adtsFrame(3, 2, 50, 0xA);
        byte[] b = TestTsWriter.adtsFrame(3, 2, 50, 0xB);
        byte[] c = TestTsWriter.adtsFrame(3, 2, 50, 0xC);
        byte[] firstPes = TestTsWriter.concat(a, Arrays.copyOf(b, 30));
        byte[] secondPes = TestTsWriter.concat(Arrays.copyOfRange(b, 30, b.length), c);
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        ts.pes(AUDIO_PID, 90_000, -1, firstPes, true);
        ts.pes(AUDIO_PID, 93_900, -1, secondPes, true); // C's own PTS, 60 ticks later than A + 2 frames
        demuxer.feed(ts.bytes());

        assertThat(out.audio).extracting(RecordingListener.AudioFrame::pts).containsExactly(90_000L, 91_920L, 93_900L);
        assertThat(out.audio.get(1).data()).isEqualTo(b);
        assertThat(out.audio.get(0).header()).isSameAs(out.audio.get(2).header());
        assertThat(out.audio.get(0).header().audioSpecificConfig().bytes()).containsExactly(0x11, 0x90);
    }

    @Test
    void anAdtsHeaderWithACrcCutByThePesBoundaryIsReadWhenTheRestArrives() {
        byte[] a = TestTsWriter.adtsFrame(3, 2, 50, 0xA);
        byte[] b = TestTsWriter.adtsFrame(3, 2, 50, 0xB);
        b[1] = (byte) 0xF0; // protection_absent 0: a 9-byte header, of which the PES holds 8
        TestTsWriter ts = new TestTsWriter().h264AndAacProgram();
        ts.pes(AUDIO_PID, 90_000, -1, TestTsWriter.concat(a, Arrays.copyOf(b, 8)), true);
        ts.pes(AUDIO_PID, 93_900, -1, Arrays.copyOfRange(b, 8, b.length), true);
        demuxer.feed(ts.bytes());

        assertThat(out.audio).extracting(RecordingListener.AudioFrame::pts).containsExactly(90_000L, 91_920L);
        assertThat(out.audio.get(1).data()).isEqualTo(b);
        assertThat(out.audio.get(1).header().headerLength()).isEqualTo(9);
        assertThat(demuxer.stats().skippedAdtsBytes()).isZero();
    }

    @Test
    void skipsBytesBetweenAdtsFramesThatAreNotAFrame() {
        byte[] frames = TestTsWriter.concat(TestTsWriter.adtsFrame(3, 2, 10, 1), new byte[] {1, 2, 3},
                TestTsWriter.adtsFrame(3, 2, 10, 2));
        demuxer.feed(new TestTsWriter().h264AndAacProgram().pes(AUDIO_PID, 0, -1, frames, true).bytes());

        assertThat(out.audio).hasSize(2);
        assertThat(demuxer.stats().skippedAdtsBytes()).isEqualTo(3);
    }

    @Test
    void unwrapperKeepsCountingUpAndPlacesASlightlyEarlierValueBeforeTheWrap() {
        TimestampUnwrapper unwrapper = new TimestampUnwrapper();

        assertThat(List.of(unwrapper.unwrap(WRAP - 10), unwrapper.unwrap(5), unwrapper.unwrap(WRAP - 2),
                unwrapper.unwrap(100))).containsExactly(WRAP - 10, WRAP + 5, WRAP - 2, WRAP + 100);
    }
}
