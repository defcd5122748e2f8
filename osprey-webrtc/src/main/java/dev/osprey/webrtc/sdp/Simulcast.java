package dev.osprey.webrtc.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * The a=simulcast line (RFC 8853). Each side is the raw stream list (e.g. {@code q;h;~f}) or null
 * when that direction is absent.
 */
public record Simulcast(String send, String recv) {

    String value() {
        if (send != null && recv != null) {
            return "send " + send + " recv " + recv;
        }
        return send != null ? "send " + send : "recv " + recv;
    }

    /** The rid ids of the send list, alternatives flattened, paused marker removed. */
    public List<String> sendRids() {
        return rids(send);
    }

    /** The rid ids of the recv list, alternatives flattened, paused marker removed. */
    public List<String> recvRids() {
        return rids(recv);
    }

    private static List<String> rids(String list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (String stream : list.split(";")) {
                for (String alt : stream.split(",")) {
                    String id = alt.startsWith("~") ? alt.substring(1) : alt;
                    if (!id.isEmpty()) {
                        out.add(id);
                    }
                }
            }
        }
        return out;
    }
}
