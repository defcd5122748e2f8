package dev.osprey.record.hls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.media.format.AudioSpecificConfig;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boxes {@link Fmp4Format} writes, read back byte by byte. */
class Fmp4FormatTest {
    private static final byte[] AUD = {0, 0, 0, 1, 0x09, (byte) 0xF0};
    private static final byte[] SPS = {0x67, 0x42, (byte) 0xC0, 0x1E, (byte) 0xDA, 0x02};
    private static final byte[] PPS = {0x68, (byte) 0xCE, 0x38, (byte) 0x80};
    private static final byte[] IDR = {0x65, (byte) 0x88, (byte) 0x84, 0x21};
    private static final byte[] SLICE = {0x41, (byte) 0x9A, 0x02};
    private static final H264Config VIDEO = new H264Config(SPS, PPS, 320, 240);
    private static final AudioSpecificConfig AUDIO = AudioSpecificConfig.lowComplexity(48_000, 2);

    @Test
    void numbersFragmentsFromOneAndStartsEachTrackAtItsFirstSampleTime() {
        Fmp4Format format = new Fmp4Format(VIDEO, AUDIO);

        byte[] first = format.fragment(List.of(picture(9000, true)), List.of(aacFrame(4800)));
        byte[] second = format.fragment(List.of(picture(12_000, false)), List.of(aacFrame(5824)));

        assertThat(sequenceNumber(first)).isEqualTo(1);
        assertThat(sequenceNumber(second)).isEqualTo(2);
        List<Fmp4Box> trafs = trafs(second);
        assertThat(trafs).hasSize(2);
        assertThat(trafs.get(0).child("tfhd").u32At(4)).as("video track").isEqualTo(1);
        assertThat(trafs.get(0).child("tfdt").u64At(4)).isEqualTo(12_000);
        assertThat(trafs.get(1).child("tfhd").u32At(4)).as("audio track").isEqualTo(2);
        assertThat(trafs.get(1).child("tfdt").u64At(4)).isEqualTo(5824);
    }

    @Test
    void keepsBaseMediaDecodeTimesBeyondThirtyTwoBits() {
        Fmp4Format format = new Fmp4Format(null, AUDIO);
        long late = 0x1_2345_6789L;

        byte[] fragment = format.fragment(null, List.of(aacFrame(late)));

        assertThat(trafs(fragment).getFirst().child("tfdt").u64At(4)).isEqualTo(late);
    }

    @Test
    void writesVideoAsLengthPrefixedNalUnitsWithoutDelimiterOrParameterSets() {
        Fmp4Format format = new Fmp4Format(VIDEO, AUDIO);
        byte[] annexB = concat(AUD, new byte[] {0, 0, 0, 1}, SPS, new byte[] {0, 0, 1}, PPS,
                new byte[] {0, 0, 1}, IDR, new byte[] {0, 0, 0, 1}, SLICE);
        byte[] aac = {0x21, 0x10, 0x04};

        byte[] fragment = format.fragment(List.of(new MediaSample(annexB, 0, 3000, true)),
                List.of(new MediaSample(aac, 0, 1024, true)));

        byte[] avcc = concat(new byte[] {0, 0, 0, 4}, IDR, new byte[] {0, 0, 0, 3}, SLICE);
        Fmp4Box moof = Fmp4Box.parse(fragment).get(0);
        Fmp4Box mdat = Fmp4Box.parse(fragment).get(1);
        assertThat(mdat.type()).isEqualTo("mdat");
        assertThat(Arrays.copyOfRange(fragment, mdat.start() + 8, mdat.end())).isEqualTo(concat(avcc, aac));

        Fmp4Box videoRun = trafs(fragment).get(0).child("trun");
        Fmp4Box audioRun = trafs(fragment).get(1).child("trun");
        assertThat(videoRun.u32At(16)).as("video sample size").isEqualTo(avcc.length);
        assertThat(moof.start() + videoRun.u32At(8)).as("video data offset").isEqualTo(mdat.start() + 8);
        assertThat(audioRun.u32At(16)).as("audio sample size").isEqualTo(aac.length);
        assertThat(moof.start() + audioRun.u32At(8)).as("audio data offset")
                .isEqualTo(mdat.start() + 8 + avcc.length);
    }

    @Test
    void givesEachSampleItsDurationAndMarksOnlyKeyframesAsSync() {
        Fmp4Format format = new Fmp4Format(VIDEO, null);

        byte[] fragment = format.fragment(List.of(picture(0, true), new MediaSample(
                concat(new byte[] {0, 0, 1}, SLICE), 3000, 3003, false)), List.of());

        Fmp4Box trun = trafs(fragment).getFirst().child("trun");
        assertThat(trun.u32At(4)).as("sample count").isEqualTo(2);
        assertThat(trun.u32At(12)).as("first duration").isEqualTo(3000);
        assertThat(trun.u32At(20)).as("first flags").isEqualTo(0x0200_0000L);
        assertThat(trun.u32At(24)).as("second duration").isEqualTo(3003);
        assertThat(trun.u32At(32)).as("second flags").isEqualTo(0x0101_0000L);
    }

    @Test
    void writesAVideoSampleWithoutAStartCodeAsAnEmptySampleThatKeepsItsDuration() {
        Fmp4Format format = new Fmp4Format(VIDEO, null);

        byte[] fragment = format.fragment(List.of(new MediaSample(IDR, 0, 3000, true)), null);

        Fmp4Box trun = trafs(fragment).getFirst().child("trun");
        assertThat(trun.u32At(4)).as("sample count").isEqualTo(1);
        assertThat(trun.u32At(12)).as("duration").isEqualTo(3000);
        assertThat(trun.u32At(16)).as("size").isZero();
        assertThat(Fmp4Box.parse(fragment).get(1).size()).as("mdat with its header only").isEqualTo(8);
    }

    @Test
    void leavesOutTheTrackWithoutSamples() {
        Fmp4Format format = new Fmp4Format(VIDEO, AUDIO);

        byte[] fragment = format.fragment(List.of(), List.of(aacFrame(0)));

        assertThat(trafs(fragment)).singleElement()
                .satisfies(traf -> assertThat(traf.child("tfhd").u32At(4)).isEqualTo(2));
    }

    @Test
    void refusesAFragmentWithoutSamples() {
        Fmp4Format format = new Fmp4Format(VIDEO, AUDIO);

        assertThatThrownBy(() -> format.fragment(null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> format.fragment(List.of(), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAFormatWithoutTracks() {
        assertThatThrownBy(() -> new Fmp4Format(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesSamplesForATrackItWasNotGiven() {
        Fmp4Format format = new Fmp4Format(null, AUDIO);

        assertThatThrownBy(() -> format.fragment(List.of(picture(0, true)), List.of(aacFrame(0))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void numbersTheAudioTrackOneWhenThereIsNoVideo() {
        Fmp4Format format = new Fmp4Format(null, AUDIO);

        Fmp4Box moov = Fmp4Box.parse(format.initSegment()).get(1);

        assertThat(format.audioTrackId()).isEqualTo(1);
        assertThat(moov.type()).isEqualTo("moov");
        assertThat(moov.child("trak").child("tkhd").u32At(12)).as("track_ID").isEqualTo(1);
        assertThat(moov.child("mvex").child("trex").u32At(4)).as("trex track_ID").isEqualTo(1);
    }

    @Test
    void describesBothTracksInTheInitSegmentVideoFirst() {
        Fmp4Format format = new Fmp4Format(VIDEO, AUDIO);

        List<Fmp4Box> boxes = Fmp4Box.parse(format.initSegment());

        assertThat(boxes).extracting(Fmp4Box::type).containsExactly("ftyp", "moov");
        List<Fmp4Box> traks = boxes.get(1).children().stream().filter(b -> b.type().equals("trak")).toList();
        assertThat(traks).hasSize(2);
        Fmp4Box videoTkhd = traks.get(0).child("tkhd");
        assertThat(videoTkhd.u32At(12)).as("track_ID").isEqualTo(1);
        assertThat(videoTkhd.u32At(76)).as("width 16.16").isEqualTo(320L << 16);
        assertThat(videoTkhd.u32At(80)).as("height 16.16").isEqualTo(240L << 16);
        assertThat(traks.get(1).child("mdia").child("mdhd").u32At(12)).as("audio timescale").isEqualTo(48_000);
        assertThat(traks.get(0).child("mdia").child("mdhd").u32At(12)).as("video timescale").isEqualTo(90_000);
    }

    private static MediaSample picture(long time, boolean keyframe) {
        return new MediaSample(concat(new byte[] {0, 0, 0, 1}, keyframe ? IDR : SLICE), time, 3000, keyframe);
    }

    private static MediaSample aacFrame(long time) {
        return new MediaSample(new byte[] {0x21, 0x10, 0x04, 0x60}, time, 1024, true);
    }

    private static long sequenceNumber(byte[] fragment) {
        return Fmp4Box.parse(fragment).getFirst().child("mfhd").u32At(4);
    }

    private static List<Fmp4Box> trafs(byte[] fragment) {
        Fmp4Box moof = Fmp4Box.parse(fragment).getFirst();
        assertThat(moof.type()).isEqualTo("moof");
        return moof.children().stream().filter(b -> b.type().equals("traf")).toList();
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] all = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }
}
