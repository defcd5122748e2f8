package dev.osprey.media;

/**
 * One stream a viewer receives, as negotiated in its SDP.
 *
 * @param track          index of the publisher's track in {@link SourceDescription#tracks()}
 * @param payloadType    the viewer's payload type for the track's codec, written into every packet
 *                       forwarded (a room connection may number the codec unlike the publisher)
 * @param ssrc           the SSRC the viewer sees (announced in its SDP)
 * @param rtxSsrc        its RTX SSRC (ignored without RTX)
 * @param rtxPayloadType its RTX payload type (of the retransmissions the SFU builds; the original
 *                       sequence number inside is the viewer's), or -1 when RTX is not negotiated (NACKs are then
 *                       answered with plain retransmissions on the media SSRC)
 */
public record ViewerTrackDescription(int track, int payloadType, int ssrc, int rtxSsrc, int rtxPayloadType) {
    public ViewerTrackDescription {
        if (track < 0 || payloadType < 0 || payloadType > 127 || rtxPayloadType > 127) {
            throw new IllegalArgumentException("bad track index or payload type");
        }
    }

    public boolean hasRtx() {
        return rtxPayloadType >= 0;
    }
}
