package dev.osprey.media.service;

import dev.osprey.webrtc.sdp.RtpCodec;

/**
 * One track a publisher sends, as negotiated: what a viewer's offer repeats (same codec and fmtp; a
 * single-stream play keeps the payload type too, a room play renumbers it, see {@link RoomPayloadTypes}).
 *
 * @param kind  {@code audio} or {@code video}
 * @param codec the one codec answered for the track
 * @param rtx   its rtx codec, or null
 */
record PublishedTrack(String kind, RtpCodec codec, RtpCodec rtx) {
}
