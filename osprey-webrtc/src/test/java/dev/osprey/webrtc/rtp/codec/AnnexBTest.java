package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

class AnnexBTest {
    private static List<String> units(byte[] b) {
        List<String> units = new ArrayList<>();
        for (int nal = AnnexB.nalStart(b, 0, b.length); nal >= 0; ) {
            int end = AnnexB.nalEnd(b, nal, b.length);
            units.add(nal + "-" + end);
            nal = AnnexB.nalStart(b, end, b.length);
        }
        return units;
    }

    @Test
    void unitsBetweenThreeAndFourByteStartCodesLeaveTheZerosOut() {
        byte[] b = {9, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 1, 0x65, 4, 0};
        assertThat(units(b)).containsExactly("5-8", "11-13", "18-20");
    }

    @Test
    void noStartCodeOrOneAtTheVeryEndGivesNoUnit() {
        assertThat(units(new byte[] {1, 2, 3})).isEmpty();
        assertThat(units(new byte[] {0, 0, 1})).isEmpty();
        assertThat(units(new byte[0])).isEmpty();
    }

    @Test
    void av1ObusEndAfterTheirSizeOrAtTheEndWithoutOne() {
        byte[] tu = {0x12, 0x00, 0x0a, 0x02, 7, 7, 0x30, 5, 5};
        assertThat(Av1Obu.end(tu, 0, tu.length)).isEqualTo(2);
        assertThat(Av1Obu.end(tu, 2, tu.length)).isEqualTo(6);
        assertThat(Av1Obu.end(tu, 6, tu.length)).as("no size field: the rest").isEqualTo(9);
        assertThat(Av1Obu.end(new byte[] {0x0a, 0x05, 1}, 0, 3)).as("size past the end").isEqualTo(-1);
        assertThat(Av1Obu.end(new byte[] {(byte) 0x8a, 0}, 0, 2)).as("forbidden bit").isEqualTo(-1);
        assertThat(Av1Obu.end(new byte[] {0x0a, (byte) 0x80}, 0, 2)).as("size truncated").isEqualTo(-1);
    }
}
