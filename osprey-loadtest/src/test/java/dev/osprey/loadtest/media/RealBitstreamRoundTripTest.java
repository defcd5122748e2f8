package dev.osprey.loadtest.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.media.frame.AssembledFrame;
import dev.osprey.media.frame.FrameAssembler;
import dev.osprey.media.frame.FrameListener;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.H264Depacketizer;
import dev.osprey.webrtc.rtp.codec.RtpDepacketizer;
import dev.osprey.webrtc.rtp.codec.RtpPacketizer;
import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real encoder output (bytedeco FFmpeg: libvpx VP8 and VP9, OpenH264, libaom AV1, libopus) through
 * the shared packetizers, RTP, and the frame assembler of osprey-media: every frame must come out
 * byte for byte as it went in.
 */
class RealBitstreamRoundTripTest {
    private static final int WIDTH = 320;
    private static final int HEIGHT = 180;
    private static final int FPS = 15;
    private static final int FRAMES = 2 * FPS;
    /** Low enough that delta frames fit one packet while keyframes take several. */
    private static final int BITRATE = 150_000;

    private static List<EncodedFrame> encode(String codec) throws ClipEncoder.EncoderException {
        return switch (codec) {
            case "VP8" -> ClipEncoder.encodeVideo(Codec.VP8, WIDTH, HEIGHT, FPS, BITRATE, FRAMES);
            case "H264" -> ClipEncoder.encodeVideo(Codec.H264, WIDTH, HEIGHT, FPS, BITRATE, FRAMES);
            case "VP9" -> ClipEncoder.encodeVideo("libvpx-vp9",
                    Map.of("deadline", "realtime", "cpu-used", "8", "lag-in-frames", "0"),
                    WIDTH, HEIGHT, FPS, BITRATE, FRAMES);
            case "AV1" -> ClipEncoder.encodeVideo("libaom-av1",
                    Map.of("usage", "realtime", "cpu-used", "8", "lag-in-frames", "0"),
                    WIDTH, HEIGHT, FPS, BITRATE, FRAMES);
            default -> throw new IllegalArgumentException(codec);
        };
    }

    /** The assembler's output frames and their keyframe flags. */
    private record Assembled(List<byte[]> frames, List<Boolean> keyframes, FrameAssembler assembler) {
    }

    /** Packetizes every frame, sends it as RTP datagrams (sequence numbers wrapping) and assembles them again. */
    private static Assembled roundTrip(String codec, List<EncodedFrame> frames, RtpDepacketizer depacketizer) {
        List<byte[]> out = new ArrayList<>();
        List<Boolean> keyframes = new ArrayList<>();
        boolean video = !RtpPayloadFormats.isAudio(codec);
        FrameAssembler assembler = new FrameAssembler(depacketizer, video,
                video ? FrameAssembler.Options.defaults() : FrameAssembler.Options.audio(), new FrameListener() {
                    @Override
                    public void onFrame(AssembledFrame f) {
                        out.add(Arrays.copyOf(f.data(), f.length()));
                        keyframes.add(f.keyframe());
                    }

                    @Override
                    public void keyframeNeeded() {
                        throw new AssertionError("no loss, so no keyframe request");
                    }
                });
        RtpPacketizer packetizer = RtpPayloadFormats.packetizer(codec, MediaClip.MAX_PAYLOAD);
        byte[] datagram = new byte[RtpPacket.FIXED_HEADER_LENGTH + MediaClip.MAX_PAYLOAD];
        RtpPacket rtp = new RtpPacket();
        int[] sequence = {65_500};
        long[] now = {1_000_000_000L};
        for (int i = 0; i < frames.size(); i++) {
            EncodedFrame frame = frames.get(i);
            int timestamp = i * (video ? 90_000 / FPS : 960);
            packetizer.packetize(frame.data(), 0, frame.data().length, frame.keyframe(), (buf, off, len, last) -> {
                int header = RtpPacket.writeHeader(datagram, 0, last, 96, sequence[0]++, timestamp, 0x0BADCAFE);
                System.arraycopy(buf, off, datagram, header, len);
                assertThat(rtp.wrap(datagram, 0, header + len)).isTrue();
                assembler.onPacket(rtp.sequenceNumber(), rtp.timestamp(), rtp.marker(), datagram,
                        rtp.payloadOffset(), rtp.payloadLength(), now[0]);
            });
            now[0] += 1_000_000_000L / FPS;
        }
        return new Assembled(out, keyframes, assembler);
    }

    @ParameterizedTest
    @ValueSource(strings = {"VP8", "VP9", "H264", "AV1"})
    void encodedVideoRoundTripsByteForByte(String codec) throws Exception {
        List<EncodedFrame> frames = encode(codec);
        assertThat(frames).hasSize(FRAMES);
        assertThat(frames.get(0).keyframe()).isTrue();
        assertThat(frames.get(FPS).keyframe()).isTrue();
        assertThat(frames.get(0).data().length).as("a keyframe spans packets").isGreaterThan(2 * MediaClip.MAX_PAYLOAD);
        assertThat(frames).anySatisfy(f -> assertThat(f.data().length).isLessThan(MediaClip.MAX_PAYLOAD));
        if (codec.equals("AV1")) {
            // libaom's temporal units open with a temporal delimiter, which RTP leaves out and the depacketizer restores
            assertThat(frames).allSatisfy(f -> assertThat(f.data()).startsWith(0x12, 0x00));
        }
        if (codec.equals("H264")) {
            // OpenH264 writes 4-byte start codes and no delimiters: the depacketizer's Annex B form
            assertThat(frames).allSatisfy(f -> assertThat(annexB(nalUnits(f.data()))).isEqualTo(f.data()));
        }

        Assembled output = roundTrip(codec, frames, RtpPayloadFormats.depacketizer(codec));

        assertThat(output.frames()).hasSize(FRAMES);
        for (int i = 0; i < FRAMES; i++) {
            assertThat(output.frames().get(i)).as("%s frame %d", codec, i).isEqualTo(frames.get(i).data());
            assertThat(output.keyframes().get(i)).as("%s frame %d", codec, i).isEqualTo(frames.get(i).keyframe());
        }
        assertThat(output.assembler().framesDropped() + output.assembler().packetsLost()).isZero();
    }

    @Test
    void opusPacketsRoundTripOneFramePerPacket() throws Exception {
        List<EncodedFrame> packets = new ArrayList<>();
        for (byte[] p : ClipEncoder.encodeOpus(50)) {
            packets.add(new EncodedFrame(p, true));
        }

        Assembled output = roundTrip("opus", packets, RtpPayloadFormats.depacketizer("opus"));

        assertThat(output.frames()).containsExactlyElementsOf(packets.stream().map(EncodedFrame::data).toList());
    }

    @ParameterizedTest
    @EnumSource(H264Depacketizer.Output.class)
    void openH264KeyframesStrippedOfTheirParameterSetsComeOutWithThem(H264Depacketizer.Output format) throws Exception {
        List<EncodedFrame> original = encode("H264");
        assertThat(nalTypes(original.get(0).data())).startsWith(7, 8).contains(5);
        assertThat(nalTypes(original.get(1).data())).containsOnly(1);
        List<EncodedFrame> stripped = parameterSetsOnlyInTheFirstFrame(original);
        assertThat(nalTypes(stripped.get(FPS).data())).containsOnly(5);

        Assembled output = roundTrip("H264", stripped, new H264Depacketizer(format));

        for (int i = 0; i < FRAMES; i++) {
            List<byte[]> nals = nalUnits(original.get(i).data());
            byte[] expected = format == H264Depacketizer.Output.ANNEX_B ? original.get(i).data() : avcc(nals);
            assertThat(output.frames().get(i)).as("frame %d", i).isEqualTo(expected);
        }
    }

    @Test
    void aDecoderJoiningAtALaterKeyframeDecodesEveryFrame() throws Exception {
        List<EncodedFrame> original = encode("H264");
        List<EncodedFrame> stripped = parameterSetsOnlyInTheFirstFrame(original);
        Assembled output = roundTrip("H264", stripped, new H264Depacketizer(H264Depacketizer.Output.ANNEX_B));
        List<byte[]> fromSecondKeyframe = output.frames().subList(FPS, FRAMES);

        assertThat(FrameDecoder.decodedPictures(AV_CODEC_ID_H264, fromSecondKeyframe)).isEqualTo(FRAMES - FPS);
        // without the depacketizer's parameter sets the same keyframe cannot be decoded
        assertThat(FrameDecoder.decodedPictures(AV_CODEC_ID_H264, List.of(stripped.get(FPS).data()))).isZero();
    }

    /** The stream of an encoder that sends SPS and PPS with its first keyframe only. */
    private static List<EncodedFrame> parameterSetsOnlyInTheFirstFrame(List<EncodedFrame> frames) {
        List<EncodedFrame> stripped = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            EncodedFrame f = frames.get(i);
            stripped.add(i == 0 ? f : new EncodedFrame(withoutParameterSets(f.data()), f.keyframe()));
        }
        return stripped;
    }

    private static List<byte[]> nalUnits(byte[] annexB) {
        List<byte[]> nals = new ArrayList<>();
        int start = -1;
        for (int i = 0; i + 2 < annexB.length; i++) {
            if (annexB[i] == 0 && annexB[i + 1] == 0 && annexB[i + 2] == 1) {
                if (start >= 0) {
                    addNal(nals, annexB, start, i);
                }
                start = i + 3;
                i += 2;
            }
        }
        if (start >= 0) {
            addNal(nals, annexB, start, annexB.length);
        }
        return nals;
    }

    private static void addNal(List<byte[]> nals, byte[] data, int from, int to) {
        while (to > from && data[to - 1] == 0) {
            to--;
        }
        if (to > from && (data[from] & 0x1F) != 9) {
            nals.add(Arrays.copyOfRange(data, from, to));
        }
    }

    private static List<Integer> nalTypes(byte[] annexB) {
        return nalUnits(annexB).stream().map(n -> n[0] & 0x1F).toList();
    }

    private static byte[] withoutParameterSets(byte[] annexB) {
        return annexB(nalUnits(annexB).stream().filter(n -> (n[0] & 0x1F) != 7 && (n[0] & 0x1F) != 8).toList());
    }

    private static byte[] annexB(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {0, 0, 0, 1});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }

    private static byte[] avcc(List<byte[]> nals) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] nal : nals) {
            out.writeBytes(new byte[] {(byte) (nal.length >>> 24), (byte) (nal.length >>> 16),
                    (byte) (nal.length >>> 8), (byte) nal.length});
            out.writeBytes(nal);
        }
        return out.toByteArray();
    }
}
