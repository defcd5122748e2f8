package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RtpPayloadFormatsTest {

    @Test
    void makesFormatsByRtpmapNameInAnyCase() {
        assertThat(RtpPayloadFormats.packetizer("vp8", 1200)).isInstanceOf(Vp8Packetizer.class);
        assertThat(RtpPayloadFormats.packetizer("Vp9", 1200)).isInstanceOf(Vp9Packetizer.class);
        assertThat(RtpPayloadFormats.packetizer("h264", 1200)).isInstanceOf(H264Packetizer.class);
        assertThat(RtpPayloadFormats.packetizer("AV1", 1200)).isInstanceOf(Av1Packetizer.class);
        assertThat(RtpPayloadFormats.packetizer("opus", 1200)).isInstanceOf(OpusPacketizer.class);
        assertThat(RtpPayloadFormats.depacketizer("VP8")).isInstanceOf(Vp8Depacketizer.class);
        assertThat(RtpPayloadFormats.depacketizer("vp9")).isInstanceOf(Vp9Depacketizer.class);
        assertThat(RtpPayloadFormats.depacketizer("H264", H264Depacketizer.Output.AVCC)).isInstanceOf(H264Depacketizer.class);
        assertThat(RtpPayloadFormats.depacketizer("av1")).isInstanceOf(Av1Depacketizer.class);
        assertThat(RtpPayloadFormats.depacketizer("OPUS")).isInstanceOf(OpusDepacketizer.class);
        assertThat(RtpPayloadFormats.isAudio("opus")).isTrue();
        assertThat(RtpPayloadFormats.isAudio("VP8")).isFalse();
    }

    @Test
    void refusesOtherCodecs() {
        assertThat(RtpPayloadFormats.supports("H265")).isFalse();
        assertThat(RtpPayloadFormats.supports(null)).isFalse();
        assertThatThrownBy(() -> RtpPayloadFormats.packetizer("PCMU", 1200)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RtpPayloadFormats.depacketizer("red")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opusPacketsTravelAsTheyAre() {
        byte[] packet = Payloads.bytes(160, 1);

        Payloads p = Payloads.of(RtpPayloadFormats.packetizer("opus", 1200), packet, true);

        assertThat(p.payloads).containsExactly(packet);
        assertThat(p.lastMarkedOnce()).isTrue();
        assertThat(p.depacketize(new OpusDepacketizer())).isEqualTo(packet);
        assertThat(Payloads.of(new OpusPacketizer(100), packet, true).size()).as("too large to send").isZero();
    }
}
