package dev.osprey.media.service.room;

import dev.osprey.media.service.negotiation.CodecKey;
import dev.osprey.media.service.negotiation.PlayOffer;
import dev.osprey.webrtc.sdp.MediaSection;
import dev.osprey.webrtc.sdp.RtpCodec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The payload type table of one room viewer connection. Every m-section of the connection is in one
 * BUNDLE group, where a payload type must name exactly one codec (RFC 9143 §7.5): participants whose
 * browsers number codecs differently, or use one number for different codecs, are offered under the
 * connection's numbers instead of their own, and the SFU writes the connection's number into each
 * forwarded packet.
 *
 * <p>A codec is identified by its {@link CodecKey}: name, clock rate, channels and the fmtp parameters that
 * change how a stream is decoded (H.264 profile-level-id and packetization-mode, VP9 profile-id, AV1 profile).
 * The table starts with Opus (111) and VP8 (96); the first participant seen with another codec fixes its
 * payload type and the fmtp every section offers with it, and the first one with rtx fixes the codec's rtx
 * payload type, {@code apt} pointing at it. Entries are never removed or changed, so re-offers keep every
 * number already used.
 *
 * <p>Only RTP needs the translation: the viewer's RTCP (NACK, PLI, FIR, REMB, receiver reports) names
 * SSRCs, never payload types. Media loop only.
 */
final class RoomPayloadTypes {

    /** The first entries: what inactive sections offer before any participant brought a codec. */
    static final RtpCodec DEFAULT_AUDIO = RtpCodec.of(111, "opus", 48000, 2);
    static final RtpCodec DEFAULT_VIDEO = RtpCodec.of(96, "VP8", 90000, null);

    /**
     * One codec of the connection.
     *
     * @param codec          the codec as every section carrying it offers it (connection payload type)
     * @param rtxPayloadType its rtx payload type, or -1 while no participant with rtx used it
     */
    record Entry(String kind, RtpCodec codec, int rtxPayloadType) {
        int payloadType() {
            return codec.payloadType();
        }

        boolean hasRtx() {
            return rtxPayloadType >= 0;
        }
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final boolean[] used = new boolean[128];

    /** Starts with Opus and VP8, so an inactive section always has a codec to offer. */
    RoomPayloadTypes() {
        entry(MediaSection.AUDIO, DEFAULT_AUDIO, null);
        entry(MediaSection.VIDEO, DEFAULT_VIDEO, null);
    }

    /**
     * The connection's entry for a participant's codec, allocated at first sight; with {@code rtx} it has an
     * rtx payload type too. Null when the payload type space is exhausted (the section is then not offered).
     */
    Entry entry(String kind, RtpCodec published, RtpCodec publishedRtx) {
        String key = CodecKey.of(published);
        Entry e = entries.get(key);
        if (e == null) {
            int pt = allocate(published.payloadType());
            if (pt < 0) {
                return null;
            }
            RtpCodec codec = new RtpCodec(pt, published.name(), published.clockRate(), published.channels(),
                    published.parameters(), MediaSection.VIDEO.equals(kind) ? PlayOffer.VIDEO_FEEDBACK : List.of());
            e = new Entry(kind, codec, -1);
            entries.put(key, e);
        }
        if (publishedRtx != null && !e.hasRtx()) {
            int rtx = allocate(publishedRtx.payloadType());
            if (rtx >= 0) {
                e = new Entry(kind, e.codec(), rtx);
                entries.put(key, e);
            }
        }
        return e;
    }

    /** A codec for an inactive or rejected section of {@code kind}: the connection's first of that kind. */
    RtpCodec placeholder(String kind) {
        for (Entry e : entries.values()) {
            if (e.kind().equals(kind)) {
                return e.codec();
            }
        }
        throw new IllegalArgumentException("not audio or video: " + kind);
    }

    /** The entries in allocation order. */
    List<Entry> entries() {
        return List.copyOf(entries.values());
    }

    /**
     * The publisher's own number when the connection has not used it yet (keeps single-browser rooms
     * numbered as their publishers are), else the first free one of 96–127, then 35–63 (the ranges
     * browsers use; 64–95 would clash with RTCP packet types under rtcp-mux, RFC 5761 §4).
     */
    private int allocate(int preferred) {
        if (dynamic(preferred) && !used[preferred]) {
            used[preferred] = true;
            return preferred;
        }
        for (int pt = 96; pt <= 127; pt++) {
            if (!used[pt]) {
                used[pt] = true;
                return pt;
            }
        }
        for (int pt = 35; pt <= 63; pt++) {
            if (!used[pt]) {
                used[pt] = true;
                return pt;
            }
        }
        return -1;
    }

    private static boolean dynamic(int pt) {
        return pt >= 96 && pt <= 127 || pt >= 35 && pt <= 63;
    }
}
