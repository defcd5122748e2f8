package dev.osprey.loadtest.media;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.webrtc.rtp.codec.H264Packetizer;
import dev.osprey.webrtc.rtp.codec.RtpPacketizer;
import dev.osprey.webrtc.rtp.codec.Vp8Packetizer;
import java.util.ArrayList;
import java.util.List;

/**
 * The media every publisher loops: video frames already split into RTP payloads, starting with a
 * keyframe and with a keyframe every second, and 20 ms Opus packets of the same duration.
 */
public record MediaClip(Codec codec, int width, int height, int fps, List<PacketizedFrame> video,
                        List<byte[]> audio) {
    /** Largest RTP payload: keeps header, extensions and SRTP tag under a 1280-byte path MTU. */
    public static final int MAX_PAYLOAD = 1160;
    public static final int AUDIO_FRAME_MILLIS = 20;

    public MediaClip {
        video = List.copyOf(video);
        audio = List.copyOf(audio);
        if (video.isEmpty() || !video.get(0).keyframe()) {
            throw new IllegalArgumentException("a clip starts with a keyframe");
        }
    }

    public static MediaClip of(Codec codec, int width, int height, int fps, List<EncodedFrame> videoFrames,
                               List<byte[]> opusPackets) {
        // VP8 picture ids are written per send: every publisher numbers its own pictures.
        RtpPacketizer packetizer = codec == Codec.VP8
                ? new Vp8Packetizer(MAX_PAYLOAD, 0)
                : new H264Packetizer(MAX_PAYLOAD);
        List<PacketizedFrame> video = new ArrayList<>(videoFrames.size());
        for (EncodedFrame f : videoFrames) {
            video.add(PacketizedFrame.of(packetizer, f));
        }
        return new MediaClip(codec, width, height, fps, video, opusPackets);
    }

    /** The video bitrate of the encoded frames, in bit/s. */
    public long videoBitrate() {
        long bytes = 0;
        for (PacketizedFrame f : video) {
            bytes += f.bytes();
        }
        return bytes * 8L * fps / video.size();
    }

    /** The index of the first keyframe at or after {@code index}, wrapping around. */
    public int nextKeyframe(int index) {
        for (int i = 0; i < video.size(); i++) {
            int j = (index + i) % video.size();
            if (video.get(j).keyframe()) {
                return j;
            }
        }
        return 0;
    }
}
