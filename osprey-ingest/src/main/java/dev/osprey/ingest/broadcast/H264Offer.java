package dev.osprey.ingest.broadcast;

import java.util.Locale;

/**
 * The H.264 {@code profile-level-id} viewers are offered for an encoder's stream. Browsers answer only
 * the profiles in their receive list, and those lists differ (Debian's Chromium has Baseline,
 * Constrained Baseline, Main and High 4:4:4 but not High; Firefox has Baseline only), while their
 * decoders (FFmpeg, OpenH264, the platform's) decode the Main and High streams encoders send. So a
 * stream that is not Baseline is offered as Constrained Baseline, with its own level: every browser
 * takes that offer and decodes the stream. The negotiated profile only tells a receiver which
 * decoder to pick; the SPS inside the stream says what the stream really is.
 */
final class H264Offer {
    private static final String CONSTRAINED_BASELINE = "42e0";

    private H264Offer() {
    }

    /** What to offer for a stream whose SPS says {@code actual} (six hex digits). */
    static String profileLevelId(String actual) {
        String id = actual.toLowerCase(Locale.ROOT);
        if (id.startsWith("42")) {
            return id; // Baseline and Constrained Baseline are in every browser's list
        }
        return CONSTRAINED_BASELINE + id.substring(4);
    }
}
