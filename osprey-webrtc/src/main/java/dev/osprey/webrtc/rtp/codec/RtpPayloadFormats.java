package dev.osprey.webrtc.rtp.codec;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Packetizers and depacketizers by codec name, as an SDP {@code a=rtpmap} line spells it ("VP8",
 * "VP9", "H264", "AV1", "opus"; case-insensitive). Each call returns a new instance for one stream.
 */
public final class RtpPayloadFormats {
    private RtpPayloadFormats() {
    }

    /** True when this class has a packetizer and a depacketizer for the codec. */
    public static boolean supports(String codecName) {
        return switch (normalize(codecName)) {
            case "VP8", "VP9", "H264", "AV1", "OPUS" -> true;
            default -> false;
        };
    }

    /** True for audio codecs, whose every RTP packet is a frame. */
    public static boolean isAudio(String codecName) {
        return normalize(codecName).equals("OPUS");
    }

    /**
     * A packetizer whose payloads are at most {@code maxPayload} bytes. VP8 and VP9 picture ids start
     * at a random value; VP9 keyframes carry a scalability structure.
     *
     * @throws IllegalArgumentException for a codec {@link #supports} says no to
     */
    public static RtpPacketizer packetizer(String codecName, int maxPayload) {
        int pictureId = ThreadLocalRandom.current().nextInt(0x8000);
        return switch (normalize(codecName)) {
            case "VP8" -> new Vp8Packetizer(maxPayload, pictureId);
            case "VP9" -> new Vp9Packetizer(maxPayload, pictureId, true);
            case "H264" -> new H264Packetizer(maxPayload);
            case "AV1" -> new Av1Packetizer(maxPayload);
            case "OPUS" -> new OpusPacketizer(maxPayload);
            default -> throw unsupported(codecName);
        };
    }

    /** A depacketizer; H.264 access units come out in Annex B form. */
    public static RtpDepacketizer depacketizer(String codecName) {
        return depacketizer(codecName, H264Depacketizer.Output.ANNEX_B);
    }

    /**
     * A depacketizer; {@code h264Output} chooses how H.264 NAL units are framed (ignored for other codecs).
     *
     * @throws IllegalArgumentException for a codec {@link #supports} says no to
     */
    public static RtpDepacketizer depacketizer(String codecName, H264Depacketizer.Output h264Output) {
        return switch (normalize(codecName)) {
            case "VP8" -> new Vp8Depacketizer();
            case "VP9" -> new Vp9Depacketizer();
            case "H264" -> new H264Depacketizer(h264Output);
            case "AV1" -> new Av1Depacketizer();
            case "OPUS" -> new OpusDepacketizer();
            default -> throw unsupported(codecName);
        };
    }

    private static String normalize(String codecName) {
        return codecName == null ? "" : codecName.toUpperCase(Locale.ROOT);
    }

    private static IllegalArgumentException unsupported(String codecName) {
        return new IllegalArgumentException("no RTP payload format for codec " + codecName);
    }
}
