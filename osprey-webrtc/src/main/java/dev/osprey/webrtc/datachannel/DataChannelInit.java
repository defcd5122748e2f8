package dev.osprey.webrtc.datachannel;

/**
 * How to open a data channel (the W3C {@code RTCDataChannelInit}). At most one of {@code maxRetransmits} and
 * {@code maxPacketLifeTime} may be set; -1 means unset. {@code id} is used only when {@code negotiated}.
 *
 * @param maxPacketLifeTime milliseconds
 */
public record DataChannelInit(String label, String protocol, boolean ordered, int maxRetransmits,
                              int maxPacketLifeTime, boolean negotiated, int id) {

    public DataChannelInit {
        if (label == null || protocol == null) {
            throw new IllegalArgumentException("label and protocol must not be null");
        }
        if (maxRetransmits >= 0 && maxPacketLifeTime >= 0) {
            throw new IllegalArgumentException("maxRetransmits and maxPacketLifeTime are exclusive");
        }
        if (negotiated && (id < 0 || id > 65_534)) {
            throw new IllegalArgumentException("a negotiated channel needs an id in 0..65534");
        }
        if (label.length() > 65_535 || protocol.length() > 65_535) {
            throw new IllegalArgumentException("label or protocol too long");
        }
    }

    /** An ordered, reliable channel opened in band (DCEP). */
    public static DataChannelInit reliable(String label) {
        return new DataChannelInit(label, "", true, -1, -1, false, -1);
    }

    public DataChannelInit withProtocol(String p) {
        return new DataChannelInit(label, p, ordered, maxRetransmits, maxPacketLifeTime, negotiated, id);
    }

    public DataChannelInit unordered() {
        return new DataChannelInit(label, protocol, false, maxRetransmits, maxPacketLifeTime, negotiated, id);
    }

    public DataChannelInit withMaxRetransmits(int n) {
        return new DataChannelInit(label, protocol, ordered, n, -1, negotiated, id);
    }

    public DataChannelInit withMaxPacketLifeTime(int millis) {
        return new DataChannelInit(label, protocol, ordered, -1, millis, negotiated, id);
    }

    /** Negotiated out of band (both sides create it with this id; no DCEP). */
    public DataChannelInit negotiated(int streamId) {
        return new DataChannelInit(label, protocol, ordered, maxRetransmits, maxPacketLifeTime, true, streamId);
    }
}
