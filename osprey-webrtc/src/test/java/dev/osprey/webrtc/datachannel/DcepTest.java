package dev.osprey.webrtc.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class DcepTest {

    @Test
    void openEncodesTypeReliabilityLabelAndProtocol() {
        byte[] m = Dcep.open(DataChannelInit.reliable("ab").withProtocol("p").unordered().withMaxRetransmits(5));
        assertThat(HexFormat.of().formatHex(m)).isEqualTo("03" + "81" + "0000" + "00000005" + "0002" + "0001" + "616270");
        byte[] timed = Dcep.open(DataChannelInit.reliable("").withMaxPacketLifeTime(1000));
        assertThat(HexFormat.of().formatHex(timed)).isEqualTo("03" + "02" + "0000" + "000003e8" + "0000" + "0000");
    }

    @Test
    void openRoundTrips() {
        Dcep.Open open = Dcep.parseOpen(Dcep.open(DataChannelInit.reliable("läbel").withProtocol("proto")));
        assertThat(open.label()).isEqualTo("läbel");
        assertThat(open.protocol()).isEqualTo("proto");
        assertThat(open.ordered()).isTrue();
        assertThat(open.maxRetransmits()).isEqualTo(-1);
        assertThat(open.maxPacketLifeTime()).isEqualTo(-1);
    }

    @Test
    void malformedOpensAreRejected() {
        byte[] good = Dcep.open(DataChannelInit.reliable("ab"));
        assertThat(Dcep.parseOpen(java.util.Arrays.copyOf(good, good.length - 1))).isNull();
        assertThat(Dcep.parseOpen(java.util.Arrays.copyOf(good, good.length + 1))).isNull();
        assertThat(Dcep.parseOpen(new byte[] {3})).isNull();
        byte[] badType = good.clone();
        badType[1] = 0x05;
        assertThat(Dcep.parseOpen(badType)).isNull();
        assertThat(Dcep.parseOpen(Dcep.ack())).isNull();
    }

    @Test
    void randomBytesNeverThrow() {
        java.util.Random random = new java.util.Random(9);
        int parsed = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] m = new byte[random.nextInt(40)];
            random.nextBytes(m);
            if (m.length > 0 && random.nextBoolean()) {
                m[0] = Dcep.MESSAGE_OPEN;
            }
            if (Dcep.parseOpen(m) != null) {
                parsed++;
            }
        }
        assertThat(parsed).isLessThan(20_000);
    }

    @Test
    void initRejectsContradictions() {
        assertThatThrownBy(() -> new DataChannelInit("x", "", true, 1, 1, false, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataChannelInit.reliable("x").negotiated(65_535))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
