package dev.osprey.webrtc.rtp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SequenceNumbersTest {
    @Test
    void comparesAcrossTheWrap() {
        assertThat(SequenceNumbers.isNewer(0, 65535)).isTrue();
        assertThat(SequenceNumbers.isNewer(65535, 0)).isFalse();
        assertThat(SequenceNumbers.isNewer(5, 5)).isFalse();
        assertThat(SequenceNumbers.isNewer(100, 50)).isTrue();
        assertThat(SequenceNumbers.isNewer(0x8000, 0)).as("exactly half: larger wins").isTrue();
        assertThat(SequenceNumbers.isNewer(0, 0x8000)).isFalse();
        assertThat(SequenceNumbers.diff(0, 65535)).isEqualTo(1);
        assertThat(SequenceNumbers.diff(65535, 0)).isEqualTo(-1);
        assertThat(SequenceNumbers.diff(10, 5)).isEqualTo(5);
        assertThat(SequenceNumbers.latest(65530, 3)).isEqualTo(3);
    }

    @Test
    void comparesTimestampsAcrossTheWrap() {
        assertThat(SequenceNumbers.isNewerTimestamp(10, 0xFFFFFFF0)).isTrue();
        assertThat(SequenceNumbers.isNewerTimestamp(0xFFFFFFF0, 10)).isFalse();
        assertThat(SequenceNumbers.timestampDiff(10, 0xFFFFFFF0)).isEqualTo(26);
    }

    @Test
    void unwrapsIntoExtendedSequenceNumbersWithReordering() {
        SequenceUnwrapper u = new SequenceUnwrapper();
        assertThat(u.highest()).isEqualTo(-1);
        assertThat(u.unwrap(65534)).isEqualTo(65534);
        assertThat(u.unwrap(65535)).isEqualTo(65535);
        assertThat(u.unwrap(0)).isEqualTo(65536);
        assertThat(u.unwrap(2)).isEqualTo(65538);
        assertThat(u.unwrap(1)).as("late packet").isEqualTo(65537);
        assertThat(u.unwrap(65535)).as("very late packet from the previous cycle").isEqualTo(65535);
        assertThat(u.highest()).isEqualTo(65538);
        for (int i = 3; i < 3 * 65536; i += 1000) {
            u.unwrap(i & 0xFFFF);
        }
        assertThat(u.highest()).as("last i = 196003, one cycle ahead").isEqualTo(65536 + 196003);
        u.reset();
        assertThat(u.unwrap(7)).isEqualTo(7);
    }

    @Test
    void demultiplexesRtpFromRtcp() {
        byte[] rtcp = Hex.bytes("80 c8 00 00");
        byte[] rtcpFb = Hex.bytes("81 cd 00 00");
        byte[] rtp = Hex.bytes("80 60 00 07 00 00 00 09 00 00 00 05");
        byte[] rtpMarker = Hex.bytes("80 e0 00 07 00 00 00 09 00 00 00 05");
        assertThat(RtpRtcpDemux.isRtcp(rtcp, 0, 4)).isTrue();
        assertThat(RtpRtcpDemux.isRtcp(rtcpFb, 0, 4)).isTrue();
        assertThat(RtpRtcpDemux.isRtcp(rtp, 0, 12)).isFalse();
        assertThat(RtpRtcpDemux.isRtcp(rtpMarker, 0, 12)).as("marker + PT 96 = 224").isFalse();
        assertThat(RtpRtcpDemux.isRtp(rtp, 0, 12)).isTrue();
        assertThat(RtpRtcpDemux.isRtp(rtcp, 0, 4)).isFalse();
        assertThat(RtpRtcpDemux.isRtcp(rtcp, 0, 1)).isFalse();
        assertThat(RtpRtcpDemux.isRtcp(rtcp, 3, 4)).isFalse();
    }
}
