package dev.osprey.webrtc.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EarlyDtlsDatagramsTest {
    private final List<String> delivered = new ArrayList<>();

    private void record(byte[] buf, int off, int len) {
        delivered.add(new String(buf, off, len));
    }

    @Test
    void handsOverCopiesInArrivalOrderOnce() {
        EarlyDtlsDatagrams early = new EarlyDtlsDatagrams(4, 100);
        byte[] buf = "xxhelloyy".getBytes();
        early.keep(buf, 2, 5);
        buf[2] = 'J'; // the caller reuses its buffer
        early.keep("world".getBytes(), 0, 5);

        early.drainTo(this::record);
        early.drainTo(this::record);

        assertThat(delivered).containsExactly("hello", "world");
        assertThat(early.size()).isZero();
    }

    @Test
    void keepsOnlyUpToItsCapacityAndLengthLimit() {
        EarlyDtlsDatagrams early = new EarlyDtlsDatagrams(2, 4);
        assertThat(early.keep("toolong".getBytes(), 0, 7)).isFalse();
        assertThat(early.keep("one".getBytes(), 0, 3)).isTrue();
        assertThat(early.keep("two".getBytes(), 0, 3)).isTrue();
        assertThat(early.keep("six".getBytes(), 0, 3)).isFalse();

        early.drainTo(this::record);

        assertThat(delivered).containsExactly("one", "two");
        assertThat(early.dropped()).isEqualTo(2);
    }

    @Test
    void clearForgetsWhatWasKept() {
        EarlyDtlsDatagrams early = new EarlyDtlsDatagrams(2, 10);
        early.keep("one".getBytes(), 0, 3);
        early.clear();
        early.drainTo(this::record);
        assertThat(delivered).isEmpty();
    }
}
