package dev.osprey.ingest.flv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Av1ConfigurationTest {
    /** Record header (version 1, main profile) and a 3-byte sequence header OBU with its size field. */
    private static final byte[] RECORD = {(byte) 0x81, 0x00, 0x0c, 0x00, 0x0a, 0x03, 1, 2, 3};
    private static final byte[] SEQUENCE_HEADER = {0x0a, 0x03, 1, 2, 3};
    /** A temporal delimiter and a frame OBU of 2 bytes. */
    private static final byte[] FRAME = {0x12, 0x00, 0x32, 0x02, 9, 9};

    @Test
    void theRecordGivesTheProfileAndTheSequenceHeader() throws Exception {
        Av1Configuration config = Av1Configuration.parse(RECORD, 0, RECORD.length);
        assertThat(config.profile()).isZero();
        assertThat(config.sequenceHeader()).containsExactly(SEQUENCE_HEADER);
    }

    @Test
    void aKeyframeWithoutASequenceHeaderGetsOneInFront() throws Exception {
        Av1Configuration config = Av1Configuration.parse(RECORD, 0, RECORD.length);
        byte[] key = config.temporalUnit(FRAME, 0, FRAME.length, true);
        assertThat(key).containsExactly(0x0a, 0x03, 1, 2, 3, 0x12, 0x00, 0x32, 0x02, 9, 9);
        assertThat(config.temporalUnit(FRAME, 0, FRAME.length, false)).containsExactly(FRAME);
        byte[] withHeader = {0x0a, 0x03, 1, 2, 3, 0x32, 0x01, 7};
        assertThat(config.temporalUnit(withHeader, 0, withHeader.length, true)).containsExactly(withHeader);
    }

    @Test
    void brokenObusAndRecordsAreRefused() throws Exception {
        Av1Configuration config = Av1Configuration.parse(RECORD, 0, RECORD.length);
        assertThatThrownBy(() -> config.temporalUnit(new byte[] {0x32, 0x05, 1}, 0, 3, true))
                .isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> config.temporalUnit(new byte[] {0x30, 1}, 0, 2, true))
                .as("no size field").isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> config.temporalUnit(new byte[] {(byte) 0xb2, 0}, 0, 2, true))
                .as("forbidden bit").isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> Av1Configuration.parse(new byte[] {1, 0, 0, 0}, 0, 4))
                .isInstanceOf(FlvFormatException.class);
        assertThatThrownBy(() -> config.temporalUnit(new byte[] {0x32, (byte) 0x80}, 0, 2, true))
                .as("size past the end").isInstanceOf(FlvFormatException.class);
    }
}
