package dev.osprey.webrtc.sdp;

import java.util.List;

/** An a=group line (RFC 5888), e.g. {@code BUNDLE 0 1 2}. */
public record Group(String semantics, List<String> mids) {

    public static final String BUNDLE = "BUNDLE";

    public Group {
        mids = List.copyOf(mids);
    }
}
