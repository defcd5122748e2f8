package dev.osprey.webrtc.sdp.negotiation;

/**
 * H.264 profiles as identified by the first two bytes of {@code profile-level-id} (RFC 6184 §8.1):
 * profile_idc and the constraint flags in profile-iop. The level byte is not part of the profile.
 */
public enum H264Profile {
    CONSTRAINED_BASELINE, BASELINE, MAIN, CONSTRAINED_HIGH, HIGH;

    /** One row of RFC 6184 Table 5: profile_idc plus a masked match on profile-iop. */
    private record Rule(int profileIdc, int iopMask, int iopValue, H264Profile profile) {
    }

    private static final Rule[] RULES = {
            new Rule(0x42, 0x4F, 0x40, CONSTRAINED_BASELINE), // x1xx0000
            new Rule(0x4D, 0x8F, 0x80, CONSTRAINED_BASELINE), // 1xxx0000
            new Rule(0x58, 0xCF, 0xC0, CONSTRAINED_BASELINE), // 11xx0000
            new Rule(0x42, 0x4F, 0x00, BASELINE),             // x0xx0000
            new Rule(0x58, 0xCF, 0x80, BASELINE),             // 10xx0000
            new Rule(0x4D, 0x8F, 0x00, MAIN),                 // 0xxx0000
            new Rule(0x64, 0xFF, 0x0C, CONSTRAINED_HIGH),     // 00001100
            new Rule(0x64, 0xFF, 0x00, HIGH),                 // 00000000
    };

    /** RFC 6184 default when the parameter is absent: Baseline, level 1. */
    public static final String DEFAULT_PROFILE_LEVEL_ID = "42000a";

    /** The profile of a {@code profile-level-id} value (6 hex digits), or null when unknown or malformed. */
    public static H264Profile fromProfileLevelId(String profileLevelId) {
        String id = profileLevelId == null ? DEFAULT_PROFILE_LEVEL_ID : profileLevelId;
        if (id.length() != 6) {
            return null;
        }
        int idc = hexByte(id, 0);
        int iop = hexByte(id, 2);
        if (idc < 0 || iop < 0 || hexByte(id, 4) < 0) {
            return null;
        }
        for (Rule r : RULES) {
            if (r.profileIdc == idc && (iop & r.iopMask) == r.iopValue) {
                return r.profile;
            }
        }
        return null;
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }
}
