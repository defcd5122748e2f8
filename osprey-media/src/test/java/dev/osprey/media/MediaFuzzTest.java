package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Mutated and random packets on every input never throw and never reach a viewer malformed. */
class MediaFuzzTest {

    @Test
    void mutatedPacketsNeverEscapeAsExceptions() {
        Random random = new Random(42);
        Fixture f = new Fixture();
        Sink sink = f.join(1, true);
        byte[] sr = new byte[28];
        SenderReport.write(sr, 0, VIDEO_SSRC, 1L << 40, 0, 0, 0, null, 0);
        byte[] nack = new byte[16];
        Nack.write(nack, 0, 0x2001, 0x2001, new int[] {5}, 0, 1);
        byte[] pli = new byte[12];
        Pli.write(pli, 0, 0x2001, 0x2001);
        List<byte[]> seeds = List.of(video(1, 0, VP8_KEY), video(2, 0, VP8_DELTA), audio(3, 0), sr, nack, pli,
                rtp(VIDEO_RTX_PT, 1, 0, VIDEO_RTX_SSRC, 1, new byte[] {0, 1, 0x10, 0x50}));
        for (int i = 0; i < 50_000; i++) {
            byte[] seed = seeds.get(random.nextInt(seeds.size()));
            byte[] p = Arrays.copyOf(seed, random.nextInt(seed.length + 8));
            for (int k = random.nextInt(4); k >= 0 && p.length > 0; k--) {
                p[random.nextInt(p.length)] = (byte) random.nextInt(256);
            }
            if (p.length > 1 && random.nextBoolean()) {
                p[0] = (byte) (p[0] & 0x3F | 0x80);
            }
            int off = p.length == 0 ? 0 : random.nextInt(Math.min(3, p.length));
            switch (i % 3) {
                case 0 -> f.broadcast.onRtp(p, off, p.length - off, f.now);
                case 1 -> f.broadcast.onRtcp(p, off, p.length - off);
                default -> sink.viewer.onRtcp(p, off, p.length - off);
            }
            f.advanceMillis(1);
            if (i % 20 == 0) {
                f.broadcast.tick();
            }
        }
        dev.osprey.webrtc.rtp.RtpPacket view = new dev.osprey.webrtc.rtp.RtpPacket();
        for (byte[] out : sink.rtp) {
            assertThat(view.wrap(out, 0, out.length)).isTrue();
            assertThat(ssrc(out)).isIn(0x1001, 0x2001, 0x3001);
        }
        assertThat(f.broadcast.malformedRtp() + f.broadcast.malformedRtcp()).isPositive();
    }
}
