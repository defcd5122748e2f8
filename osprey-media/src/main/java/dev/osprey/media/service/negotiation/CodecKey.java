package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.RtpCodec;
import dev.osprey.webrtc.sdp.negotiation.H264Profile;

import java.util.Locale;

/**
 * What makes two codecs the same for a receiver, whatever payload type numbers them: name, clock rate,
 * channels and the fmtp parameters that change how a stream is decoded (H.264 profile-level-id and
 * packetization-mode, VP9 profile-id, AV1 profile), with their defaults filled in. Codecs with equal keys
 * may share a payload type; others must not.
 */
public final class CodecKey {

    private CodecKey() {
    }

    /** The key of {@code c}: equal for codecs a receiver decodes alike. */
    public static String of(RtpCodec c) {
        StringBuilder sb = new StringBuilder(c.name() == null ? "" : c.name().toLowerCase(Locale.ROOT))
                .append('/').append(c.clockRate());
        if (c.channels() != null && c.channels() != 1) {
            sb.append('/').append(c.channels());
        }
        if (c.is("H264")) {
            String id = c.parameter("profile-level-id");
            sb.append(";profile-level-id=").append((id == null ? H264Profile.DEFAULT_PROFILE_LEVEL_ID : id)
                    .toLowerCase(Locale.ROOT));
            String mode = c.parameter("packetization-mode");
            sb.append(";packetization-mode=").append(mode == null ? "0" : mode);
        } else if (c.is("VP9")) {
            String profile = c.parameter("profile-id");
            sb.append(";profile-id=").append(profile == null ? "0" : profile);
        } else if (c.is("AV1")) {
            String profile = c.parameter("profile");
            sb.append(";profile=").append(profile == null ? "0" : profile);
        }
        return sb.toString();
    }
}
