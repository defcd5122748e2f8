package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random and mutated payloads to every depacketizer, each payload alone in an array of exactly
 * its length so any read past it throws. Nothing may throw, and the frame stays under its maximum.
 */
class DepacketizerFuzzTest {
    private static final int ROUNDS = 20_000;

    @Test
    void malformedPayloadsNeverThrowAndNeverPassTheFrameMaximum() {
        Random random = new Random(42);
        List<String> codecs = List.of("VP8", "VP9", "H264", "AV1", "opus");
        for (String codec : codecs) {
            List<byte[]> seeds = seeds(codec);
            for (H264Depacketizer.Output output : H264Depacketizer.Output.values()) {
                RtpDepacketizer d = RtpPayloadFormats.depacketizer(codec, output);
                FrameBuffer out = new FrameBuffer(64, 20_000);
                for (int i = 0; i < ROUNDS; i++) {
                    byte[] p = mutate(seeds.get(random.nextInt(seeds.size())), random);
                    d.startsFrame(p, 0, p.length);
                    d.isKeyframe(p, 0, p.length);
                    boolean ok = d.append(p, 0, p.length, out);
                    if (!ok) {
                        d.reset();
                        out.clear();
                    } else if (random.nextInt(4) == 0) {
                        d.finish(out, random.nextBoolean());
                        out.clear();
                    }
                    assertThat(out.length()).isLessThanOrEqualTo(20_000);
                }
            }
        }
    }

    private static List<byte[]> seeds(String codec) {
        RtpPacketizer packetizer = RtpPayloadFormats.packetizer(codec, 300);
        byte[] frame = switch (codec) {
            case "VP8" -> Vp8PacketizerTest.keyframe(700);
            case "VP9" -> Vp9PacketizerTest.keyframe(700);
            case "H264" -> H264PacketizerTest.annexB(H264PacketizerTest.SPS, H264PacketizerTest.PPS,
                    new byte[] {0x06, 5, 1, (byte) 0x80}, H264PacketizerTest.idr(700));
            case "AV1" -> Av1PacketizerTest.keyTemporalUnit(700);
            default -> Payloads.bytes(200, 1);
        };
        return Payloads.of(packetizer, frame, true).payloads;
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] p = switch (random.nextInt(4)) {
            case 0 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
            case 1 -> {
                byte[] b = new byte[random.nextInt(40)];
                random.nextBytes(b);
                yield b;
            }
            default -> seed.clone();
        };
        int flips = random.nextInt(4);
        for (int i = 0; i < flips && p.length > 0; i++) {
            p[random.nextInt(Math.min(p.length, 8))] ^= (byte) (1 << random.nextInt(8));
        }
        return p;
    }
}
