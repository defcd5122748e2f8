package dev.osprey.loadtest.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {

    @Test
    void smallValuesGiveExactNearestRankPercentiles() {
        Histogram h = new Histogram();
        for (int v = 1; v <= 100; v++) {
            h.record(v);
        }
        assertThat(h.count()).isEqualTo(100);
        assertThat(h.percentile(50)).isEqualTo(50);
        assertThat(h.percentile(95)).isEqualTo(95);
        assertThat(h.percentile(99)).isEqualTo(99);
        assertThat(h.percentile(100)).isEqualTo(100);
        assertThat(h.percentile(0.5)).isEqualTo(1);
        assertThat(h.max()).isEqualTo(100);
        assertThat(h.mean()).isEqualTo(50.5);
    }

    @Test
    void nearestRankOnAFewSamples() {
        Histogram h = new Histogram();
        for (long v : new long[] {15, 20, 35, 40, 50}) {
            h.record(v);
        }
        // Nearest rank: ceil(p/100 * 5)-th smallest.
        assertThat(h.percentile(30)).isEqualTo(20);
        assertThat(h.percentile(40)).isEqualTo(20);
        assertThat(h.percentile(50)).isEqualTo(35);
        assertThat(h.percentile(100)).isEqualTo(50);
    }

    @Test
    void largeValuesAreWithinOnePointSixPercentOfTheExactPercentile() {
        Random random = new Random(7);
        long[] values = new long[20_000];
        Histogram h = new Histogram();
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * 20); // 1 .. ~4.8e8, log-uniform
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 10, 50, 90, 95, 99, 99.9}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            long approx = h.percentile(p);
            assertThat(approx).as("p%s", p).isLessThanOrEqualTo(exact);
            assertThat((double) approx).as("p%s", p).isGreaterThanOrEqualTo(exact * (1 - 1.0 / 64) - 1);
        }
        assertThat(h.percentile(100)).isEqualTo(values[values.length - 1]);
    }

    @Test
    void bucketsCoverTheWholeRangeAndLowerBoundsAreMonotonic() {
        long previous = -1;
        for (int b = 0; b < Histogram.bucketOf(Long.MAX_VALUE) + 1; b++) {
            long lower = Histogram.lowerBound(b);
            assertThat(lower).isGreaterThan(previous);
            assertThat(Histogram.bucketOf(lower)).isEqualTo(b);
            previous = lower;
        }
        assertThat(Histogram.bucketOf(127)).isEqualTo(127);
        assertThat(Histogram.bucketOf(128)).isEqualTo(128);
        assertThat(Histogram.bucketOf(129)).isEqualTo(128);
        assertThat(Histogram.bucketOf(130)).isEqualTo(129);
    }

    @Test
    void emptyNegativeAndBadArguments() {
        Histogram h = new Histogram();
        assertThat(h.percentile(99)).isZero();
        assertThat(h.mean()).isZero();
        h.record(-5);
        assertThat(h.percentile(50)).isZero();
        assertThatThrownBy(() -> h.percentile(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> h.percentile(100.1)).isInstanceOf(IllegalArgumentException.class);
    }
}
