package dev.osprey.ingest.rtmp;

import java.util.Map;

/**
 * What one RTMP connection reports. Every call runs on the connection's event loop; payloads are
 * the listener's to keep.
 */
public interface RtmpListener {
    /** The encoder asked to publish; answer through the request, now or later. */
    void onPublishRequest(PublishRequest request);

    /** {@code @setDataFrame}/{@code onMetaData}: width, height, codec ids, bitrates as the encoder says. */
    default void onMetadata(Map<String, Object> metadata) {
    }

    /** An FLV audio tag body (sound format in the first byte's high nibble; AAC packet type next). */
    void onAudio(long timestamp, byte[] tag);

    /** An FLV video tag body (frame type and codec id in the first byte, AVC packet type next). */
    void onVideo(long timestamp, byte[] tag);

    /** The connection ended (unpublished, closed, timed out or refused); called once, last. */
    void onClosed(String reason);
}
