package dev.osprey.media.service.negotiation;

import dev.osprey.webrtc.sdp.RtpCodec;

/**
 * One track a publisher sends, as negotiated: what a viewer's offer repeats (same codec and fmtp; a
 * single-stream play keeps the payload type too, a room play renumbers it into its connection's table).
 * Its index in the publisher's track list ({@link PublishRenegotiation.State#tracks()}) is its index in the
 * broadcast; a track the publisher stopped sending in a renegotiation stays there, inactive, so that the
 * indices of the others hold.
 *
 * @param kind   {@code audio} or {@code video}
 * @param codec  the one codec answered for the track
 * @param rtx    its rtx codec, or null
 * @param mid    the publisher's m-line carrying it
 * @param active false once a renegotiation set its m-line inactive (or port 0): new viewers are not offered it
 */
public record PublishedTrack(String kind, RtpCodec codec, RtpCodec rtx, String mid, boolean active) {

    PublishedTrack withActive(boolean active) {
        return new PublishedTrack(kind, codec, rtx, mid, active);
    }
}
