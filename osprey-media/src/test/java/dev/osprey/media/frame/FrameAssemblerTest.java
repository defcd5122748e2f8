package dev.osprey.media.frame;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.H264Depacketizer;
import dev.osprey.webrtc.rtp.codec.H264Packetizer;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameAssemblerTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    private final RtpPacket rtp = new RtpPacket();
    private final Recorder out = new Recorder();
    private long now = 1_000_000_000L;

    private FrameAssembler assembler(String codec) {
        return assembler(codec, RtpPayloadFormats.isAudio(codec) ? FrameAssembler.Options.audio()
                : FrameAssembler.Options.defaults());
    }

    private FrameAssembler assembler(String codec, FrameAssembler.Options options) {
        return new FrameAssembler(RtpPayloadFormats.depacketizer(codec), !RtpPayloadFormats.isAudio(codec), options, out);
    }

    private void feed(FrameAssembler a, byte[] datagram) {
        assertThat(rtp.wrap(datagram, 0, datagram.length)).isTrue();
        a.onPacket(rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(), datagram, rtp.payloadOffset(),
                rtp.payloadLength(), now);
    }

    private void feedFrames(FrameAssembler a, Clip clip, int from, int to) {
        for (int i = from; i < to; i++) {
            for (byte[] d : clip.packets.get(i)) {
                feed(a, d);
            }
            now += 33 * MS;
        }
    }

    /** The output, as the clip's frame indices (or "?length" for a frame not in the clip), is exactly these. */
    private void assertFrames(Clip clip, int... indices) {
        List<String> expected = new ArrayList<>();
        for (int i : indices) {
            expected.add(String.valueOf(i));
        }
        assertThat(indicesOf(clip, out.frames)).containsExactlyElementsOf(expected);
    }

    private static List<String> indicesOf(Clip clip, List<byte[]> frames) {
        List<String> found = new ArrayList<>();
        for (byte[] f : frames) {
            int index = -1;
            for (int i = 0; i < clip.frames.size() && index < 0; i++) {
                if (Arrays.equals(clip.frames.get(i), f)) {
                    index = i;
                }
            }
            found.add(index >= 0 ? String.valueOf(index) : "?" + f.length);
        }
        return found;
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = from; i < to; i++) {
            r[i - from] = i;
        }
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1", "opus"})
    void roundTripsFramesOfEveryCodecByteForByte(String codec) {
        Clip clip = Clip.of(codec, 14, 6, 4000, 90_000);
        FrameAssembler a = assembler(codec);

        feedFrames(a, clip, 0, 14);

        assertFrames(clip, range(0, 14));
        assertThat(out.keyframes).containsExactlyElementsOf(clip.keyframes);
        assertThat(a.framesEmitted()).isEqualTo(14);
        assertThat(a.framesDropped() + a.packetsLost() + a.keyframeRequests() + a.latePackets()).isZero();
        assertThat(clip.packets.get(0).size()).as("large frames span packets").isGreaterThan(clip.video() ? 2 : 0);
        long firstSequence = out.sequences.get(0)[0];
        assertThat(firstSequence).isEqualTo(4000);
        assertThat(out.sequences.get(13)[1]).isEqualTo(firstSequence + clip.allPackets().size() - 1);
        assertThat(out.timestamps.get(1) - out.timestamps.get(0)).isEqualTo(clip.video() ? 3000 : 960);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1", "opus"})
    void reordersPacketsShuffledWithinTheWindow(String codec) {
        Clip clip = Clip.of(codec, 30, 10, 100, 0);
        FrameAssembler a = assembler(codec);
        List<byte[]> packets = clip.allPackets();
        Random random = new Random(7);
        // the first packet received sets where the stream starts, so it stays first
        for (int block = 1; block < packets.size(); block += 25) {
            Collections.shuffle(packets.subList(block, Math.min(packets.size(), block + 25)), random);
        }

        for (byte[] d : packets) {
            feed(a, d);
            now += 2 * MS;
        }

        assertFrames(clip, range(0, 30));
        assertThat(a.packetsLost() + a.keyframeRequests() + a.framesDropped()).isZero();
    }

    @Test
    void countsAndIgnoresDuplicatesAndPacketsOlderThanWhatWasReleased() {
        Clip clip = Clip.of("VP8", 6, 6, 500, 0);
        FrameAssembler a = assembler("VP8");
        List<byte[]> packets = clip.allPackets();

        for (byte[] d : packets) {
            feed(a, d);
            feed(a, d);
        }
        for (int i = 0; i < 4; i++) {
            feed(a, packets.get(i));
        }

        assertFrames(clip, range(0, 6));
        assertThat(a.duplicatePackets()).as("a second copy while held, or the in-order one").isZero();
        assertThat(a.latePackets()).isEqualTo(packets.size() + 4);
    }

    @Test
    void countsDuplicatesOfHeldPackets() {
        Clip clip = Clip.of("VP8", 3, 3, 500, 0);
        FrameAssembler a = assembler("VP8");
        List<byte[]> packets = clip.allPackets();

        feed(a, packets.get(0));
        for (int i = 2; i < packets.size(); i++) {
            feed(a, packets.get(i));
            feed(a, packets.get(i));
        }
        feed(a, packets.get(1));

        assertFrames(clip, 0, 1, 2);
        assertThat(a.duplicatePackets()).isEqualTo(packets.size() - 2);
        assertThat(a.latePackets()).isZero();
    }

    @Test
    void aLostPacketDropsItsFrameAndVideoResumesAtTheNextKeyframe() {
        Clip clip = Clip.of("VP8", 18, 6, 60_000, 0);
        FrameAssembler a = assembler("VP8");
        assertThat(clip.packets.get(3).size()).isGreaterThan(2);
        clip.packets.get(3).remove(1);

        feedFrames(a, clip, 0, 18);

        assertFrames(clip, 0, 1, 2, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17);
        assertThat(out.keyframeRequests).isEqualTo(1);
        assertThat(a.keyframeRequests()).isEqualTo(1);
        assertThat(a.packetsLost()).isEqualTo(1);
        assertThat(a.framesDropped()).isEqualTo(3);
        assertThat(a.waitingForKeyframe()).isFalse();
    }

    @Test
    void aWholeLostFrameAlsoStopsVideoUntilTheNextKeyframe() {
        Clip clip = Clip.of("VP9", 12, 6, 1, 0);
        FrameAssembler a = assembler("VP9");
        clip.packets.get(4).clear(); // a single-packet frame, gone

        feedFrames(a, clip, 0, 12);

        assertFrames(clip, 0, 1, 2, 3, 6, 7, 8, 9, 10, 11);
        assertThat(out.keyframeRequests).isEqualTo(1);
        assertThat(a.framesDropped()).as("frame 5 only: frame 4 never started").isEqualTo(1);
    }

    @Test
    void audioLosesOnlyTheFrameItMissed() {
        Clip clip = Clip.of("opus", 20, 1, 9, 0);
        FrameAssembler a = assembler("opus");
        clip.packets.get(7).clear();

        feedFrames(a, clip, 0, 20);

        int[] expected = new int[19];
        for (int i = 0, k = 0; i < 20; i++) {
            if (i != 7) {
                expected[k++] = i;
            }
        }
        assertFrames(clip, expected);
        assertThat(a.packetsLost()).isEqualTo(1);
        assertThat(a.keyframeRequests() + out.keyframeRequests + a.framesDropped()).isZero();
    }

    @Test
    void followsSequenceNumbersAndTimestampsAcrossWrapAround() {
        Clip clip = Clip.of("H264", 20, 5, 65_530, 0xFFFF_8000);
        FrameAssembler a = assembler("H264");
        List<byte[]> packets = clip.allPackets();
        Collections.shuffle(packets.subList(1, 20), new Random(3));

        for (byte[] d : packets) {
            feed(a, d);
        }

        assertFrames(clip, range(0, 20));
        assertThat(out.sequences.get(19)[1]).isEqualTo(65_530L + packets.size() - 1);
        assertThat(out.timestamps.get(0)).isEqualTo(0xFFFF_8000L);
        assertThat(out.timestamps.get(19)).isEqualTo(0xFFFF_8000L + 19 * 3000);
        assertThat(a.packetsLost()).isZero();
    }

    @Test
    void pollDeclaresAGapLostWhenNoLaterPacketComes() {
        Clip clip = Clip.of("AV1", 8, 6, 10, 0);
        FrameAssembler a = assembler("AV1");
        clip.packets.get(5).remove(0);
        for (byte[] d : clip.allPackets()) {
            feed(a, d); // all at once: nothing has waited yet
        }
        assertFrames(clip, 0, 1, 2, 3, 4);

        a.poll(now + 100 * MS);
        assertThat(out.frames).hasSize(5);
        a.poll(now + 151 * MS);

        assertFrames(clip, 0, 1, 2, 3, 4, 6, 7);
        assertThat(a.packetsLost()).isEqualTo(1);
        assertThat(out.keyframeRequests).isEqualTo(1);
    }

    @Test
    void aFullWindowDeclaresAGapLost() {
        Clip clip = Clip.of("VP8", 12, 6, 10, 0);
        FrameAssembler a = assembler("VP8", new FrameAssembler.Options(16, TimeUnit.SECONDS.toNanos(10), 1500, 1 << 20));
        clip.packets.get(2).remove(0);

        for (byte[] d : clip.allPackets()) {
            feed(a, d);
        }

        assertThat(a.packetsLost()).isEqualTo(1);
        assertThat(out.frames).as("released as soon as the window overflows, keyframe 6 included")
                .contains(clip.frames.get(6));
        assertThat(out.frames.get(0)).isEqualTo(clip.frames.get(0));
    }

    @Test
    void videoJoinedMidStreamStartsAtAKeyframe() {
        Clip clip = Clip.of("VP8", 12, 6, 10, 0);
        FrameAssembler a = assembler("VP8");
        List<byte[]> frame2 = clip.packets.get(0);
        for (int i = 1; i < frame2.size(); i++) {
            feed(a, frame2.get(i)); // the middle of a keyframe
        }

        feedFrames(a, clip, 1, 12);

        assertFrames(clip, range(6, 12));
        assertThat(out.keyframes.get(0)).isTrue();
        assertThat(out.keyframeRequests).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(H264Depacketizer.Output.class)
    void h264ParameterSetsSentOnlyWithTheFirstKeyframeComeWithEveryIdr(H264Depacketizer.Output output) {
        RtpSender sender = new RtpSender(new H264Packetizer(Clip.MAX_PAYLOAD), 77, 0, 3000);
        FrameAssembler a = new FrameAssembler(new H264Depacketizer(output), true, FrameAssembler.Options.defaults(), out);
        byte[] idr1 = TestFrames.slice(true, 4000, 1);
        byte[] idr2 = TestFrames.slice(true, 3000, 2);
        byte[] p = TestFrames.slice(false, 500, 3);
        List<List<byte[]>> frames = List.of(
                sender.send(TestFrames.annexB(TestFrames.SPS, TestFrames.PPS, idr1), true),
                sender.send(TestFrames.annexB(p), false),
                sender.send(TestFrames.annexB(idr2), true),
                sender.send(TestFrames.annexB(p), false));

        frames.forEach(f -> f.forEach(d -> feed(a, d)));

        boolean annexB = output == H264Depacketizer.Output.ANNEX_B;
        assertThat(out.frames).containsExactly(
                annexB ? TestFrames.annexB(TestFrames.SPS, TestFrames.PPS, idr1) : TestFrames.avcc(TestFrames.SPS, TestFrames.PPS, idr1),
                annexB ? TestFrames.annexB(p) : TestFrames.avcc(p),
                annexB ? TestFrames.annexB(TestFrames.SPS, TestFrames.PPS, idr2) : TestFrames.avcc(TestFrames.SPS, TestFrames.PPS, idr2),
                annexB ? TestFrames.annexB(p) : TestFrames.avcc(p));
        assertThat(out.keyframes).containsExactly(true, false, true, false);
    }

    @Test
    void anH264KeyframeWhoseParameterSetPacketWasLostStillComesOutWhole() {
        Clip clip = Clip.of("H264", 8, 6, 10, 0);
        FrameAssembler a = assembler("H264");
        clip.packets.get(3).remove(0);  // breaks the references
        clip.packets.get(6).remove(0);  // the STAP-A of SPS and PPS in front of keyframe 6

        feedFrames(a, clip, 0, 8);
        a.poll(now + 200 * MS);

        assertFrames(clip, 0, 1, 2, 6, 7);
        assertThat(out.keyframeRequests).isEqualTo(1);
        assertThat(a.packetsLost()).isEqualTo(2);
    }

    @Test
    void aFrameOverTheMaximumIsDroppedLikeALoss() {
        Clip clip = Clip.empty("VP8", 10)
                .add(TestFrames.vp8(true, 2000, 0), true)
                .add(TestFrames.vp8(false, 100, 1), false)
                .add(TestFrames.vp8(false, 5000, 2), false)
                .add(TestFrames.vp8(false, 100, 3), false)
                .add(TestFrames.vp8(true, 2500, 4), true)
                .add(TestFrames.vp8(false, 100, 5), false);
        FrameAssembler a = assembler("VP8", new FrameAssembler.Options(512, 150 * MS, 1500, 3000));

        feedFrames(a, clip, 0, 6);

        assertFrames(clip, 0, 1, 4, 5);
        assertThat(a.framesDropped()).isEqualTo(2);
        assertThat(out.keyframeRequests).isEqualTo(1);
        assertThat(a.packetsLost()).isZero();
    }

    @Test
    void paddingPacketsTakeTheirSequenceNumberAndNothingElse() {
        Clip clip = Clip.of("VP8", 6, 6, 10, 0);
        RtpSender sender = new RtpSender(RtpPayloadFormats.packetizer("VP8", 1200), 10, 0, 3000);
        FrameAssembler a = assembler("VP8");
        for (int i = 0; i < 6; i++) {
            for (byte[] d : sender.send(clip.frames.get(i), i == 0)) {
                feed(a, d);
            }
            feed(a, sender.padding());
        }

        assertFrames(clip, range(0, 6));
        assertThat(a.packetsLost() + a.framesDropped()).isZero();
    }

    @Test
    void withoutMarkerBitsAFrameEndsWhereTheNextTimestampStarts() {
        Clip clip = Clip.of("VP9", 6, 6, 10, 0);
        FrameAssembler a = assembler("VP9");
        for (byte[] d : clip.allPackets()) {
            d[1] &= 0x7F;
            feed(a, d);
        }

        assertFrames(clip, range(0, 5));
    }

    @Test
    void oversizedPacketsAreDiscardedAndBecomeALoss() {
        Clip clip = Clip.empty("VP8", 10)
                .add(TestFrames.vp8(true, 500, 0), true)
                .add(TestFrames.vp8(false, 2000, 1), false) // two payloads of about 1000 bytes
                .add(TestFrames.vp8(true, 500, 2), true)
                .add(TestFrames.vp8(false, 100, 3), false);
        FrameAssembler a = assembler("VP8", new FrameAssembler.Options(512, 150 * MS, 600, 1 << 20));

        feedFrames(a, clip, 0, 4);
        a.poll(now + 200 * MS);

        assertFrames(clip, 0, 2, 3);
        assertThat(a.discardedPackets()).isEqualTo(2);
        assertThat(a.packetsLost()).isEqualTo(2);
        assertThat(out.keyframeRequests).isEqualTo(1);
    }

    @Test
    void aSourceThatRestartsItsSequenceNumbersIsFollowed() {
        Clip first = Clip.of("VP8", 6, 6, 40_000, 0);
        Clip second = Clip.of("VP8", 18, 6, 30_000, 5_000_000);
        FrameAssembler a = assembler("VP8");

        feedFrames(a, first, 0, 6);
        feedFrames(a, second, 0, 18);

        assertThat(out.frames.subList(0, 6)).containsExactlyElementsOf(first.frames);
        List<byte[]> rest = out.frames.subList(6, out.frames.size());
        assertThat(rest).isNotEmpty();
        assertThat(out.keyframes.get(6)).isTrue();
        assertThat(second.frames).containsSubsequence(rest);
        assertThat(rest.getLast()).isEqualTo(second.frames.get(17));
    }

    @Test
    void resetForgetsTheOldStreamAndWaitsForAKeyframe() {
        Clip first = Clip.of("H264", 4, 6, 40_000, 0);
        Clip second = Clip.of("H264", 8, 6, 2, 7);
        FrameAssembler a = assembler("H264");
        feedFrames(a, first, 0, 3);
        feed(a, first.packets.get(3).get(0)); // a frame left half way
        feed(a, first.packets.get(3).get(2)); // and a packet held behind a gap

        a.reset();
        assertThat(a.waitingForKeyframe()).isTrue();
        feedFrames(a, second, 0, 8);

        assertThat(indicesOf(first, out.frames.subList(0, 3))).containsExactly("0", "1", "2");
        assertThat(indicesOf(second, out.frames.subList(3, out.frames.size())))
                .containsExactly("0", "1", "2", "3", "4", "5", "6", "7");
        assertThat(a.packetsLost() + a.latePackets() + a.keyframeRequests()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1", "opus"})
    void hostileInputNeverThrowsAndTheOutputRecovers(String codec) {
        Random random = new Random(codec.hashCode());
        FrameAssembler a = assembler(codec, new FrameAssembler.Options(64, 50 * MS, 1500, 64 * 1024));
        byte[] garbage = new byte[1500];
        for (int i = 0; i < 30_000; i++) {
            random.nextBytes(garbage);
            int len = random.nextInt(garbage.length + 1);
            int seq = random.nextInt(4) == 0 ? random.nextInt(0x10000) : i & 0xFFFF;
            int ts = random.nextInt(3) == 0 ? random.nextInt() : i / 5 * 3000;
            a.onPacket(seq, ts, random.nextInt(5) == 0, garbage, 0, len, now);
            now += random.nextInt(3) * MS;
            if (i % 100 == 0) {
                a.poll(now);
            }
        }
        assertThat(out.frames).allSatisfy(f -> assertThat(f.length).isLessThanOrEqualTo(64 * 1024));
        assertThat(a.framesDropped() + a.packetsLost() + a.latePackets()).isPositive();

        // a clean stream afterwards comes out whole from its first keyframe on
        a.reset();
        out.frames.clear();
        Clip clip = Clip.of(codec, 12, 6, 1234, 0);
        feedFrames(a, clip, 0, 12);
        assertFrames(clip, range(0, 12));
    }

    @Test
    void malformedPayloadsDropTheirFrameAndCountAsLoss() {
        FrameAssembler a = assembler("H264");
        Clip clip = Clip.of("H264", 8, 6, 100, 0);
        feedFrames(a, clip, 0, 2);
        // in frame 2's place, frame 3's middle FU-A fragment on its own
        byte[] frame2 = clip.packets.get(2).get(0);
        byte[] fuWithoutStart = clip.packets.get(3).get(1).clone();
        System.arraycopy(frame2, 0, fuWithoutStart, 0, RtpPacket.FIXED_HEADER_LENGTH);
        fuWithoutStart[1] |= (byte) 0x80;

        feed(a, fuWithoutStart);

        assertFrames(clip, 0, 1);
        assertThat(a.framesDropped()).isEqualTo(1);
        assertThat(out.keyframeRequests).isEqualTo(1);
        assertThat(a.waitingForKeyframe()).isTrue();
        assertThat(a.packetsLost()).isZero();
    }
}
