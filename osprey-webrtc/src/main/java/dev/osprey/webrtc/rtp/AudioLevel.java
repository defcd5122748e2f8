package dev.osprey.webrtc.rtp;

/**
 * The client-to-mixer audio level extension (RFC 6464, {@code urn:ietf:params:rtp-hdrext:ssrc-audio-level}):
 * one byte, {@code V} (voice activity) in the top bit and the level in -dBov (0 loudest, 127 silence).
 * Conferences use it to pick active speakers without decoding audio.
 */
public final class AudioLevel {
    private AudioLevel() {
    }

    /** The level in -dBov (0..127), or -1 when the extension is absent. */
    public static int level(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        return at < 0 ? -1 : packet.buffer()[at] & 0x7F;
    }

    /** The voice-activity flag; false when absent. */
    public static boolean voiceActivity(RtpPacket packet, int id) {
        int at = packet.findExtension(id);
        return at >= 0 && (packet.buffer()[at] & 0x80) != 0;
    }
}
