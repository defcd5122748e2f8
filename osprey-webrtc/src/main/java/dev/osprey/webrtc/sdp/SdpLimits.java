package dev.osprey.webrtc.sdp;

/**
 * Bounds that keep parsing of hostile input cheap: anything beyond them is rejected with an
 * {@link SdpParseException} before much memory is used.
 *
 * @param maxSize          maximum input size (bytes for byte input, chars for string input)
 * @param maxLines         maximum number of lines, blank lines included
 * @param maxMediaSections maximum number of m= sections
 * @param maxLineLength    maximum length of one line without its line ending
 */
public record SdpLimits(int maxSize, int maxLines, int maxMediaSections, int maxLineLength) {

    /** 256 KiB, 20,000 lines, 256 media sections, 4,096 characters per line. */
    public static final SdpLimits DEFAULT = new SdpLimits(256 * 1024, 20_000, 256, 4096);

    public SdpLimits {
        if (maxSize <= 0 || maxLines <= 0 || maxMediaSections < 0 || maxLineLength <= 0) {
            throw new IllegalArgumentException("SDP limits must be positive");
        }
    }
}
