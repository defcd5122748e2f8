package dev.osprey.webrtc.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the sample offers under src/test/resources/sdp. */
public final class SdpResources {

    public static final String CHROMIUM = "chromium-offer.sdp";
    public static final String FIREFOX = "firefox-offer.sdp";
    public static final String GSTREAMER = "gstreamer-offer.sdp";

    private SdpResources() {
    }

    public static String load(String name) {
        try (InputStream in = SdpResources.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
