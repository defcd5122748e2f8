package dev.osprey.webrtc.sdp.negotiation;

import dev.osprey.webrtc.sdp.RtpCodec;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A codec this endpoint accepts, with the rule deciding whether an offered payload type is that
 * codec (name, clock rate and, where it matters, fmtp parameters such as VP9 profile or H.264
 * profile and packetization mode).
 */
public final class CodecCapability {

    private final String description;
    private final Predicate<RtpCodec> matcher;

    private CodecCapability(String description, Predicate<RtpCodec> matcher) {
        this.description = description;
        this.matcher = matcher;
    }

    /** Any codec with this encoding name (case-insensitive) and clock rate; channels checked when non-null. */
    public static CodecCapability of(String name, int clockRate, Integer channels) {
        return new CodecCapability(name + "/" + clockRate + (channels == null ? "" : "/" + channels),
                c -> c.is(name) && c.clockRate() == clockRate
                        && (channels == null || channels.equals(c.channels() == null ? 1 : c.channels())));
    }

    /** A custom rule. */
    public static CodecCapability matching(String description, Predicate<RtpCodec> matcher) {
        return new CodecCapability(description, matcher);
    }

    public static CodecCapability vp8() {
        return of("VP8", 90000, null);
    }

    /** VP9 with one of the given {@code profile-id}s (absent means profile 0, RFC 9628). */
    public static CodecCapability vp9(int... profileIds) {
        CodecCapability base = of("VP9", 90000, null);
        return new CodecCapability("VP9 profile-id " + java.util.Arrays.toString(profileIds), c -> {
            if (!base.matches(c)) {
                return false;
            }
            String p = c.parameter("profile-id");
            String profile = p == null ? "0" : p;
            for (int id : profileIds) {
                if (profile.equals(Integer.toString(id))) {
                    return true;
                }
            }
            return false;
        });
    }

    /** H.264 with packetization-mode=1 and one of the given profiles; any level is accepted. */
    public static CodecCapability h264(H264Profile first, H264Profile... more) {
        Set<H264Profile> profiles = EnumSet.of(first, more);
        CodecCapability base = of("H264", 90000, null);
        return new CodecCapability("H264 packetization-mode=1 " + profiles, c -> base.matches(c)
                && "1".equals(c.parameter("packetization-mode"))
                && profiles.contains(H264Profile.fromProfileLevelId(c.parameter("profile-level-id"))));
    }

    /** AV1 (profile 0, the only one browsers send by default, when {@code profile} is absent). */
    public static CodecCapability av1() {
        CodecCapability base = of("AV1", 90000, null);
        return new CodecCapability("AV1 profile 0", c -> base.matches(c)
                && (c.parameter("profile") == null || "0".equals(c.parameter("profile"))));
    }

    public static CodecCapability opus() {
        return of("opus", 48000, 2);
    }

    public boolean matches(RtpCodec offered) {
        return matcher.test(offered);
    }

    @Override
    public String toString() {
        return description;
    }
}
