package dev.osprey.ingest.flv;

/**
 * The header of an FLV audio tag body (FLV 10.1 §E.4.2.1), with where its payload starts.
 *
 * @param soundFormat 10 for AAC, 2 for MP3, ... (the high nibble of the first byte)
 * @param aacConfig   true for an AAC sequence header (an AudioSpecificConfig), false for a raw AAC frame
 */
public record FlvAudioTag(int soundFormat, boolean aacConfig, int payloadOffset, int payloadLength) {
    public static final int AAC = 10;

    public static FlvAudioTag parse(byte[] tag) throws FlvFormatException {
        if (tag.length < 1) {
            throw new FlvFormatException("empty audio tag");
        }
        int format = (tag[0] & 0xFF) >> 4;
        if (format != AAC) {
            return new FlvAudioTag(format, false, 1, tag.length - 1);
        }
        if (tag.length < 2) {
            throw new FlvFormatException("AAC audio tag without its packet type");
        }
        return new FlvAudioTag(format, tag[1] == 0, 2, tag.length - 2);
    }
}
