package dev.osprey.media;

import static dev.osprey.media.Fixture.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Viewers of one broadcast numbering its codecs differently (a room viewer's connection table versus a
 * plain player): every forwarded packet, publisher rtx and the server's own rtx carry each viewer's numbers.
 */
class PayloadTypeRewriteTest {

    /** A viewer whose connection numbers Opus {@code audioPt} and VP8 {@code videoPt} with rtx {@code rtxPt}. */
    private static Sink join(Fixture f, int n, int audioPt, int videoPt, int rtxPt) {
        Sink sink = new Sink();
        sink.viewer = f.broadcast.addViewer("viewer" + n, new ViewerDescription(List.of(
                new ViewerTrackDescription(AUDIO, audioPt, 0x1000 + n, 0, -1),
                new ViewerTrackDescription(VIDEO, videoPt, 0x2000 + n, 0x3000 + n, rtxPt)), Map.of()), sink);
        return sink;
    }

    @Test
    void eachViewerGetsItsOwnPayloadTypesAndTheMarkerBitSurvives() {
        Fixture f = new Fixture();
        Sink a = join(f, 1, 111, 96, 97);
        Sink b = join(f, 2, 63, 35, 36);
        byte[] key = video(10, 0, VP8_KEY);
        key[1] |= (byte) 0x80; // marker: last packet of the frame
        f.send(key);
        f.send(audio(5, 960));

        assertThat(a.rtp).hasSize(2);
        assertThat(b.rtp).hasSize(2);
        assertThat(a.rtp.get(0)[1] & 0xFF).isEqualTo(0x80 | 96);
        assertThat(b.rtp.get(0)[1] & 0xFF).isEqualTo(0x80 | 35);
        assertThat(pt(a.rtp.get(1))).isEqualTo(111);
        assertThat(pt(b.rtp.get(1))).isEqualTo(63);
        int payload = key.length - VP8_KEY.length;
        assertThat(Arrays.copyOfRange(b.rtp.get(0), payload, b.rtp.get(0).length)).isEqualTo(VP8_KEY);
    }

    @Test
    void publisherRtxAndServerRtxCarryTheViewersNumbers() {
        Fixture f = new Fixture();
        Sink a = join(f, 1, 111, 96, 97);
        Sink b = join(f, 2, 63, 35, 36);
        f.send(video(10, 0, VP8_KEY));
        f.send(video(12, 3000, VP8_DELTA)); // 11 lost on the publisher's leg
        byte[] original = video(11, 0, VP8_MIDDLE);
        RtpPacket view = new RtpPacket();
        view.wrap(original, 0, original.length);
        byte[] publisherRtx = new byte[original.length + Rtx.OSN_LENGTH];
        Rtx.wrap(view, publisherRtx, 0, VIDEO_RTX_SSRC, 1, VIDEO_RTX_PT);
        f.send(publisherRtx);

        assertThat(pt(a.rtp.get(2))).isEqualTo(96);
        assertThat(pt(b.rtp.get(2))).isEqualTo(35);
        assertThat(ssrc(b.rtp.get(2))).isEqualTo(0x2002);

        byte[] recovered = b.rtp.get(2);
        byte[] nack = new byte[64];
        int len = Nack.write(nack, 0, 0x2002, 0x2002, new int[] {seq(recovered)}, 0, 1);
        b.viewer.onRtcp(nack, 0, len);

        byte[] rtx = b.last();
        assertThat(pt(rtx)).isEqualTo(36);
        assertThat(ssrc(rtx)).isEqualTo(0x3002);
        RtpPacket rtxView = new RtpPacket();
        assertThat(rtxView.wrap(rtx, 0, rtx.length)).isTrue();
        assertThat(Rtx.originalSequenceNumber(rtxView)).as("the OSN is the viewer's sequence").isEqualTo(seq(recovered));
        assertThat(a.rtp).as("the other viewer is not involved").hasSize(3);
    }
}
