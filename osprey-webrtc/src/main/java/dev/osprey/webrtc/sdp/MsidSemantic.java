package dev.osprey.webrtc.sdp;

import java.util.List;

/** The session-level a=msid-semantic line, e.g. {@code WMS stream-id} or {@code WMS *}. */
public record MsidSemantic(String semantic, List<String> ids) {

    public MsidSemantic {
        ids = List.copyOf(ids);
    }
}
