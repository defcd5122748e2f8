package dev.osprey.media;

/** Monotonic time in nanoseconds; injected so tests can drive throttles and reports with a fake clock. */
@FunctionalInterface
public interface MediaClock {
    long nanoTime();

    static MediaClock system() {
        return System::nanoTime;
    }
}
