package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.codec.RtpPayloadFormats;
import java.util.ArrayList;
import java.util.List;

/**
 * Test helper: a run of frames of one codec (a keyframe every {@code keyEvery}, sizes from a few
 * bytes to several packets) and the RTP datagrams that carry them, frame by frame.
 */
final class Clip {
    static final int MAX_PAYLOAD = 1200;

    final String codec;
    final List<byte[]> frames = new ArrayList<>();
    final List<Boolean> keyframes = new ArrayList<>();
    final List<List<byte[]>> packets = new ArrayList<>();

    private RtpSender sender;

    private Clip(String codec) {
        this.codec = codec;
    }

    /** An empty clip to {@link #add} frames to. */
    static Clip empty(String codec, int firstSequence) {
        Clip clip = new Clip(codec);
        clip.sender = new RtpSender(RtpPayloadFormats.packetizer(codec, MAX_PAYLOAD), firstSequence, 0,
                RtpPayloadFormats.isAudio(codec) ? 960 : 3000);
        return clip;
    }

    Clip add(byte[] frame, boolean keyframe) {
        add(sender, frame, keyframe);
        return this;
    }

    static Clip of(String codec, int count, int keyEvery, int firstSequence, int firstTimestamp) {
        Clip clip = new Clip(codec);
        boolean audio = RtpPayloadFormats.isAudio(codec);
        RtpSender sender = new RtpSender(RtpPayloadFormats.packetizer(codec, MAX_PAYLOAD), firstSequence,
                firstTimestamp, audio ? 960 : 3000);
        for (int i = 0; i < count; i++) {
            boolean key = audio || i % keyEvery == 0;
            clip.add(sender, TestFrames.frame(codec, key, size(audio, i), i), key);
        }
        return clip;
    }

    /** Sizes cycle through a tiny, a large (3 to 5 packets) and a medium frame. */
    static int size(boolean audio, int i) {
        if (audio) {
            return 20 + i % 7 * 30;
        }
        return switch (i % 3) {
            case 0 -> 3000 + i * 150;
            case 1 -> 12 + i;
            default -> 900 + i * 40;
        };
    }

    void add(RtpSender sender, byte[] frame, boolean keyframe) {
        frames.add(frame);
        keyframes.add(keyframe);
        packets.add(sender.send(frame, keyframe));
    }

    List<byte[]> allPackets() {
        List<byte[]> all = new ArrayList<>();
        packets.forEach(all::addAll);
        return all;
    }

    boolean video() {
        return !RtpPayloadFormats.isAudio(codec);
    }
}
