package dev.osprey.webrtc.sdp;

import dev.osprey.webrtc.sdp.negotiation.LocalCapabilities;
import dev.osprey.webrtc.sdp.negotiation.NegotiationResult;
import dev.osprey.webrtc.sdp.negotiation.SdpAnswerer;
import dev.osprey.webrtc.sdp.negotiation.TransportParameters;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Mutates the sample offers (line deletion, duplication, swaps, byte flips, insertions,
 * truncation, oversized numbers) and checks that parsing either succeeds or throws
 * {@link SdpParseException}, and that whatever parses also round-trips and can be answered.
 */
class SdpFuzzTest {

    private static final int ITERATIONS = 10_000;
    private static final String INSERTABLE = " :=/;\r\n0a*~";
    private static final TransportParameters LOCAL = new TransportParameters("srvU", "serverpasswordserverpw",
            Fingerprint.of("sha-256", new byte[32]), List.of(SdpCandidate.host("1", 2130706431L, "127.0.0.1", 50000)),
            true);

    @Test
    void mutatedOffersOnlyParseOrThrowSdpParseException() {
        List<byte[]> seeds = List.of(
                SdpResources.load(SdpResources.CHROMIUM).getBytes(StandardCharsets.UTF_8),
                SdpResources.load(SdpResources.FIREFOX).getBytes(StandardCharsets.UTF_8),
                SdpResources.load(SdpResources.GSTREAMER).getBytes(StandardCharsets.UTF_8));
        Random random = new Random(0x5D9);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ITERATIONS; i++) {
            byte[] input = seeds.get(i % seeds.size());
            int mutations = 1 + random.nextInt(4);
            for (int k = 0; k < mutations; k++) {
                input = mutate(input, random);
            }
            SessionDescription sdp;
            try {
                sdp = SdpParser.parse(input);
            } catch (SdpParseException expected) {
                rejected++;
                continue;
            } catch (Throwable t) {
                throw new AssertionError("iteration " + i + ": " + t + " for input:\n" + show(input), t);
            }
            parsed++;
            try {
                String written = SdpWriter.write(sdp);
                assertThat(SdpParser.parse(written)).isEqualTo(sdp);
                NegotiationResult result = SdpAnswerer.answer(sdp, LocalCapabilities.receiveDefaults(), LOCAL, "1");
                if (result instanceof NegotiationResult.Answered answered) {
                    SessionDescription answer = answered.answer();
                    assertThat(SdpParser.parse(SdpWriter.write(answer))).isEqualTo(answer);
                }
            } catch (Throwable t) {
                fail("iteration " + i + ": " + t + " for input:\n" + show(input), t);
            }
        }
        // Both outcomes must really occur, or the mutations are not exercising anything.
        assertThat(parsed).isGreaterThan(1000);
        assertThat(rejected).isGreaterThan(1000);
    }

    private static byte[] mutate(byte[] in, Random r) {
        int op = r.nextInt(8);
        if (op <= 3) {
            List<byte[]> lines = splitLines(in);
            if (lines.isEmpty()) {
                return in;
            }
            int a = r.nextInt(lines.size());
            switch (op) {
                case 0 -> lines.remove(a);
                case 1 -> lines.add(a, lines.get(a));
                case 2 -> {
                    int b = r.nextInt(lines.size());
                    byte[] t = lines.get(a);
                    lines.set(a, lines.get(b));
                    lines.set(b, t);
                }
                default -> lines.set(a, (new String(lines.get(a), StandardCharsets.ISO_8859_1)
                        .replaceFirst("[0-9]+", r.nextBoolean() ? "99999999999999999999" : "-1"))
                        .getBytes(StandardCharsets.ISO_8859_1));
            }
            return joinLines(lines);
        }
        if (in.length == 0) {
            return in;
        }
        byte[] out;
        int at = r.nextInt(in.length);
        switch (op) {
            case 4 -> {
                out = in.clone();
                out[at] ^= (byte) (1 << r.nextInt(8));
            }
            case 5 -> {
                out = in.clone();
                out[at] = (byte) r.nextInt(256);
            }
            case 6 -> {
                out = new byte[in.length + 1];
                System.arraycopy(in, 0, out, 0, at);
                out[at] = (byte) INSERTABLE.charAt(r.nextInt(INSERTABLE.length()));
                System.arraycopy(in, at, out, at + 1, in.length - at);
            }
            default -> out = Arrays.copyOf(in, at);
        }
        return out;
    }

    private static List<byte[]> splitLines(byte[] in) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < in.length; i++) {
            if (in[i] == '\n') {
                lines.add(Arrays.copyOfRange(in, start, i + 1));
                start = i + 1;
            }
        }
        if (start < in.length) {
            lines.add(Arrays.copyOfRange(in, start, in.length));
        }
        return lines;
    }

    private static byte[] joinLines(List<byte[]> lines) {
        int n = 0;
        for (byte[] l : lines) {
            n += l.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] l : lines) {
            System.arraycopy(l, 0, out, at, l.length);
            at += l.length;
        }
        return out;
    }

    private static String show(byte[] input) {
        return new String(input, StandardCharsets.ISO_8859_1);
    }
}
