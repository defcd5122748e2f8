package dev.osprey.webrtc.rtp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FrameBufferTest {

    @Test
    void growsUpToItsMaximumAndRefusesToPassIt() {
        FrameBuffer b = new FrameBuffer(4, 100);
        byte[] chunk = Payloads.bytes(30, 1);

        assertThat(b.append(chunk, 0, 30)).isTrue();
        assertThat(b.append(chunk, 0, 30)).isTrue();
        assertThat(b.append(chunk, 0, 30)).isTrue();
        assertThat(b.append(chunk, 0, 30)).isFalse();
        assertThat(b.appendInt(7)).isTrue();
        assertThat(b.appendInt(7)).isTrue();
        assertThat(b.appendInt(7)).isFalse();
        assertThat(b.appendByte(7)).isTrue();
        assertThat(b.appendByte(7)).isTrue();
        assertThat(b.appendByte(7)).isFalse();
        assertThat(b.length()).isEqualTo(100);
        assertThat(b.data().length).isEqualTo(100);
        assertThat(b.insertGap(0, 1)).isFalse();
        assertThat(b.length()).isEqualTo(100);
    }

    @Test
    void insertingMovesTheTailBack() {
        FrameBuffer b = new FrameBuffer(2, 64);
        b.append(new byte[] {1, 2, 5, 6}, 0, 4);

        assertThat(b.insert(2, new byte[] {3, 4}, 0, 2)).isTrue();
        assertThat(b.toByteArray()).containsExactly(1, 2, 3, 4, 5, 6);
        b.truncate(3);
        assertThat(b.toByteArray()).containsExactly(1, 2, 3);
        b.clear();
        assertThat(b.isEmpty()).isTrue();
    }

    @Test
    void refusesNegativeLengthsWithoutGrowing() {
        FrameBuffer b = new FrameBuffer(8, 64);
        assertThat(b.append(new byte[0], 0, -1)).isFalse();
        assertThat(b.length()).isZero();
    }
}
