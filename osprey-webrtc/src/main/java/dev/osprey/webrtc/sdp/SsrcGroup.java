package dev.osprey.webrtc.sdp;

import java.util.List;

/** An a=ssrc-group line, e.g. {@code FID primary rtx} or {@code SIM low mid high}. */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public static final String FID = "FID";
    public static final String SIM = "SIM";

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }
}
