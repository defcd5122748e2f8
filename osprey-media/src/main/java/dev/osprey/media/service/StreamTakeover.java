package dev.osprey.media.service;

import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.webrtc.sdp.RtpCodec;

import java.util.List;
import java.util.Objects;

/**
 * When a publisher that reconnects with the id of a stream whose media stopped may continue that
 * stream (Ant Media's {@code session_restored}): its viewers keep their connections, so what they were
 * offered must still describe the new publisher's media. That holds when the tracks line up one for one
 * with the same kind and the same codec (name, clock rate, channels, fmtp); payload types, SSRCs and
 * header extension ids may differ, the forwarding rewrites them.
 */
final class StreamTakeover {

    private StreamTakeover() {
    }

    /** True when viewers offered {@code before} can receive {@code after} unchanged. */
    static boolean compatible(List<PublishedTrack> before, List<PublishedTrack> after) {
        if (before.size() != after.size()) {
            return false;
        }
        for (int i = 0; i < before.size(); i++) {
            PublishedTrack b = before.get(i);
            PublishedTrack a = after.get(i);
            if (!b.kind().equals(a.kind()) || !sameCodec(b.codec(), a.codec())) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameCodec(RtpCodec b, RtpCodec a) {
        return b.name() != null && b.name().equalsIgnoreCase(a.name())
                && b.clockRate() == a.clockRate()
                && Objects.equals(b.channels(), a.channels())
                && b.parameters().equals(a.parameters());
    }
}
