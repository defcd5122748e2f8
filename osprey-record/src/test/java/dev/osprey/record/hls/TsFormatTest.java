package dev.osprey.record.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.media.format.AudioSpecificConfig;
import dev.osprey.record.hls.TsTestDemux.Packet;
import dev.osprey.record.hls.TsTestDemux.Pes;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The transport stream writer on hand-made samples: tables, PES framing, timestamps, bad input. */
class TsFormatTest {
    static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xD9, 0x01, 0x40};
    static final byte[] PPS = {0x68, (byte) 0xCE, 0x3C, (byte) 0x80};
    static final H264Config VIDEO = new H264Config(SPS, PPS, 320, 240);
    static final AudioSpecificConfig AUDIO = AudioSpecificConfig.lowComplexity(48_000, 2);
    static final byte[] AUD = {0, 0, 0, 1, 9, (byte) 0xF0};
    static final byte[] IDR_SLICE = {0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0x21};
    static final byte[] SLICE = {0, 0, 1, 0x41, (byte) 0x9A, 0x22, 0x10};

    static MediaSample video(long time, boolean sync, byte[]... nals) {
        return new MediaSample(concat(nals), time, 3000, sync);
    }

    static MediaSample aac(long time, int size) {
        byte[] frame = new byte[size];
        Arrays.fill(frame, (byte) 0x5A);
        return new MediaSample(frame, time, 1024, true);
    }

    static byte[] concat(byte[]... parts) {
        byte[] all = new byte[Arrays.stream(parts).mapToInt(p -> p.length).sum()];
        int p = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, p, part.length);
            p += part.length;
        }
        return all;
    }

    static byte[] withStartCode(byte[] nal) {
        return concat(new byte[] {0, 0, 0, 1}, nal);
    }

    /** A NAL unit given with a three-byte start code, as the writer puts it out: after four. */
    static byte[] fourByteStartCode(byte[] unit) {
        return concat(new byte[] {0}, unit);
    }

    @Test
    void hasNoInitialisationSegment() {
        assertThat(new TsFormat(VIDEO, AUDIO).initSegment()).isNull();
    }

    @Test
    void refusesAFormatWithNeitherVideoNorAudio() {
        assertThatThrownBy(() -> new TsFormat(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAChunkWithoutSamplesOnEitherTrack() {
        TsFormat format = new TsFormat(VIDEO, AUDIO);
        assertThatThrownBy(() -> format.fragment(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format.fragment(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSamplesForATrackTheFormatWasMadeWithout() {
        TsFormat format = new TsFormat(null, AUDIO);
        assertThatThrownBy(() -> format.fragment(List.of(video(0, true, IDR_SLICE)), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsAChunkWithThePatOfProgramOneThenItsPmt() {
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(List.of(video(0, true, IDR_SLICE)), null));

        assertThat(packets.get(0).pid()).isZero();
        // The PAT every single-program muxer writes for program 1 on PID 0x1000, CRC included.
        assertThat(HexFormat.of().formatHex(TsTestDemux.section(packets.get(0)))).isEqualTo("00b00d0001c100000001f0002ab104b2");
        assertThat(packets.get(1).pid()).isEqualTo(0x1000);
        byte[] pmt = TsTestDemux.section(packets.get(1));
        assertThat(HexFormat.of().formatHex(pmt, 0, pmt.length - 4))
                .isEqualTo("02b0170001c10000e100f0001be100f0000fe101f000");
        assertThat(TsTestDemux.crc(pmt, pmt.length)).as("CRC over the section and its CRC").isZero();
    }

    @Test
    void putsThePcrOnTheAudioPidWhenThereIsNoVideo() {
        List<Packet> packets = TsTestDemux.packets(new TsFormat(null, AUDIO).fragment(null, List.of(aac(0, 300), aac(1024, 300))));

        byte[] pmt = TsTestDemux.section(packets.get(1));
        assertThat(HexFormat.of().formatHex(pmt, 0, pmt.length - 4)).isEqualTo("02b0120001c10000e101f0000fe101f000");
        assertThat(TsTestDemux.crc(pmt, pmt.length)).isZero();
        assertThat(TsTestDemux.pes(packets, 0x101)).extracting(pes -> pes.first().pcr()).containsExactly(0L, 1920L);
    }

    @Test
    void wrapsAnAudioFrameInAnAdtsHeaderAndAPesOfItsExactLength() {
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(null, List.of(aac(48_000, 400))));

        Pes pes = TsTestDemux.pes(packets, 0x101).getFirst();
        assertThat(pes.streamId()).isEqualTo(0xC0);
        assertThat(pes.packetLength()).isEqualTo(pes.bytes().length - 6);
        assertThat(pes.pts()).isEqualTo(90_000);
        byte[] data = pes.data();
        assertThat(data).hasSize(7 + 400);
        // FFF1: MPEG-4 ADTS without CRC; 4C 80: AAC-LC, 48 kHz (index 3), 2 channels; frame length 407.
        assertThat(HexFormat.of().formatHex(data, 0, 4)).isEqualTo("fff14c80");
        assertThat((data[3] & 3) << 11 | (data[4] & 0xFF) << 3 | (data[5] & 0xFF) >> 5).isEqualTo(407);
        assertThat(Arrays.copyOfRange(data, 7, data.length)).isEqualTo(aac(0, 400).data());
    }

    @Test
    void insertsAnAudAndTheParameterSetsBeforeAKeyframesSlice() {
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(
                List.of(video(0, true, IDR_SLICE), video(3000, false, SLICE)), null));

        List<Pes> pes = TsTestDemux.pes(packets, 0x100);
        assertThat(pes.get(0).data()).isEqualTo(concat(AUD, withStartCode(SPS), withStartCode(PPS), fourByteStartCode(IDR_SLICE)));
        assertThat(pes.get(1).data()).isEqualTo(concat(AUD, fourByteStartCode(SLICE)));
    }

    @Test
    void keepsAnAccessUnitsOwnAudAndPutsMissingParameterSetsAfterItsSei() {
        byte[] sei = {0, 0, 0, 1, 6, 5, 1, 0x44, (byte) 0x80};
        byte[] ownPps = {0, 0, 0, 1, 0x68, (byte) 0xEE, 0x3C, (byte) 0x80};
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(
                List.of(video(0, false, AUD, sei, ownPps, IDR_SLICE)), null));

        // The IDR slice makes it a keyframe though not flagged; only the missing SPS is added.
        assertThat(TsTestDemux.pes(packets, 0x100).getFirst().data())
                .isEqualTo(concat(AUD, sei, ownPps, withStartCode(SPS), fourByteStartCode(IDR_SLICE)));
    }

    @Test
    void marksAKeyframesFirstPacketAsARandomAccessPointWithAPcr() {
        byte[] bigSlice = new byte[1000];
        java.util.Arrays.fill(bigSlice, (byte) 0x55); // a NAL unit never ends in a zero byte (H.264 §7.4.1)
        bigSlice[0] = 0;
        bigSlice[1] = 0;
        bigSlice[2] = 1;
        bigSlice[3] = 0x41;
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(
                List.of(video(6000, true, IDR_SLICE), video(9000, false, bigSlice)), null));

        List<Packet> video = packets.stream().filter(p -> p.pid() == 0x100).toList();
        assertThat(video).hasSize(1 + 6);
        assertThat(video.get(0).randomAccess()).isTrue();
        assertThat(video.get(0).pcr()).isEqualTo(6000);
        assertThat(video.get(1).randomAccess()).isFalse();
        assertThat(video.get(1).pcr()).isEqualTo(9000);
        assertThat(video.subList(2, 7)).allSatisfy(p -> assertThat(p.pcr()).isEqualTo(-1));
    }

    @Test
    void interleavesVideoAndAudioByTime() {
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(
                List.of(video(0, true, IDR_SLICE), video(3000, false, SLICE), video(6000, false, SLICE)),
                List.of(aac(0, 100), aac(1024, 100), aac(2048, 100), aac(3072, 100))));

        // Audio at 0, 1920, 3840, 5760 on the 90 kHz clock; video first on a tie.
        assertThat(packets.stream().filter(Packet::unitStart).skip(2).map(p -> p.pid() == 0x100 ? "v" : "a"))
                .containsExactly("v", "a", "a", "v", "a", "a", "v");
    }

    @Test
    void wrapsTimestampsAtThirtyThreeBits() {
        long wrap = 1L << 33;
        List<Packet> packets = TsTestDemux.packets(new TsFormat(VIDEO, AUDIO).fragment(
                List.of(video(wrap + 3000, true, IDR_SLICE)), List.of(aac((wrap + 3000) / 90_000 * 48_000, 10))));

        Pes video = TsTestDemux.pes(packets, 0x100).getFirst();
        assertThat(video.pts()).isEqualTo(3000);
        assertThat(video.first().pcr()).isEqualTo(3000);
        assertThat(TsTestDemux.pes(packets, 0x101).getFirst().pts())
                .isEqualTo((wrap + 3000) / 90_000 * 90_000 % wrap);
    }

    @Test
    void fillsTheLastPacketOfEachPesWithAdaptationFieldStuffing() {
        for (int size : new int[] {1, 100, 162, 163, 164, 165, 183, 184, 185, 400}) {
            byte[] frame = new TsFormat(null, AUDIO).fragment(null, List.of(aac(0, size)));
            List<Packet> packets = TsTestDemux.packets(frame);
            Pes pes = TsTestDemux.pes(packets, 0x101).getFirst();
            assertThat(pes.bytes()).as("%d bytes", size).hasSize(pes.packetLength() + 6);
            assertThat(pes.data()).hasSize(7 + size);
        }
    }

    @Test
    void leavesOutAnAccessUnitWithoutAStartCode() {
        TsFormat format = new TsFormat(VIDEO, AUDIO);
        byte[] noStartCode = {0x65, (byte) 0x88, (byte) 0x84, 0x21};

        List<Packet> packets = TsTestDemux.packets(format.fragment(List.of(video(0, true, noStartCode)), List.of(aac(0, 50))));
        List<Packet> next = TsTestDemux.packets(format.fragment(List.of(video(3000, true, IDR_SLICE)), null));

        assertThat(packets).extracting(Packet::pid).containsExactly(0, 0x1000, 0x101);
        assertThat(next.stream().filter(p -> p.pid() == 0x100).findFirst().orElseThrow().continuity())
                .as("the left-out access unit used no video packet").isZero();
    }

    @Test
    void runsEachPidsContinuityCounterOnFromChunkToChunk() {
        TsFormat format = new TsFormat(VIDEO, AUDIO);
        byte[] bigSlice = new byte[3000];
        bigSlice[2] = 1;
        bigSlice[3] = 0x41;
        int[] expected = new int[0x2000];
        for (int chunk = 0; chunk < 20; chunk++) {
            for (Packet p : TsTestDemux.packets(format.fragment(List.of(video(chunk * 3000L, false, bigSlice)),
                    List.of(aac(chunk * 1600L, 200))))) {
                assertThat(p.continuity()).as("chunk %d, PID %x", chunk, p.pid()).isEqualTo(expected[p.pid()]);
                expected[p.pid()] = (expected[p.pid()] + 1) % 16;
            }
        }
    }
}
