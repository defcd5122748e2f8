package dev.osprey.loadtest.peer;

import dev.osprey.loadtest.LoadTestOptions.Codec;
import dev.osprey.loadtest.media.MediaClip;
import dev.osprey.loadtest.media.PacketizedFrame;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.codec.Vp8Payload;
import dev.osprey.webrtc.srtp.SrtpProfile;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Loops a {@link MediaClip} as RTP: one video frame every 1/fps s, one Opus packet every 20 ms, with
 * this publisher's own SSRCs, random initial sequence numbers and timestamps, and VP8 picture ids.
 * A PLI or FIR makes the next frame the clip's next keyframe. Every packet's payload key and send
 * time go into the stream's {@link LatencyTags}.
 *
 * <p>Single-threaded: {@link #sendVideoFrame} and {@link #sendAudioFrame} run on one thread (the
 * transport's event loop), and the send buffer is reused, so steady-state sending allocates nothing.
 */
public final class PublisherMedia {
    private static final int HEADER = 12;

    private final MediaClip clip;
    private final RtpSink sink;
    private final RunStats stats;
    private final LatencyTags tags;
    private final boolean vp8;
    private final int videoPt;
    private final int audioPt;
    private final int videoSsrc;
    private final int audioSsrc;
    private final int videoTimestampStep;
    private final byte[] buf = new byte[HEADER + MediaClip.MAX_PAYLOAD + 64 + SrtpProfile.MAX_TRAILER];
    private int videoSeq;
    private int audioSeq;
    private int videoTimestamp;
    private int audioTimestamp;
    private int pictureId;
    private int frameIndex;
    private int audioIndex;
    private volatile boolean keyframeRequested;
    private long packetsSent;

    public PublisherMedia(MediaClip clip, int videoPt, int audioPt, int videoSsrc, int audioSsrc, RtpSink sink,
                          RunStats stats, LatencyTags tags) {
        this.clip = clip;
        this.sink = sink;
        this.stats = stats;
        this.tags = tags;
        this.vp8 = clip.codec() == Codec.VP8;
        this.videoPt = videoPt;
        this.audioPt = audioPt;
        this.videoSsrc = videoSsrc;
        this.audioSsrc = audioSsrc;
        this.videoTimestampStep = 90_000 / clip.fps();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        videoSeq = random.nextInt(0x10000);
        audioSeq = random.nextInt(0x10000);
        videoTimestamp = random.nextInt();
        audioTimestamp = random.nextInt();
        pictureId = random.nextInt(0x8000);
    }

    /** A receiver asked for a keyframe: jump to the clip's next one. Any thread. */
    public void requestKeyframe() {
        keyframeRequested = true;
    }

    public void sendVideoFrame() {
        if (keyframeRequested) {
            keyframeRequested = false;
            frameIndex = clip.nextKeyframe(frameIndex);
        }
        PacketizedFrame frame = clip.video().get(frameIndex);
        int last = frame.payloads().size() - 1;
        for (int i = 0; i <= last; i++) {
            byte[] payload = frame.payloads().get(i);
            writeHeader(i == last, videoPt, videoSeq, videoTimestamp, videoSsrc);
            System.arraycopy(payload, 0, buf, HEADER, payload.length);
            if (vp8) {
                Vp8Payload.setPictureId(buf, HEADER, payload.length, pictureId);
            }
            videoSeq = (videoSeq + 1) & 0xFFFF;
            send(payload.length, vp8);
        }
        pictureId = (pictureId + 1) & 0x7FFF;
        videoTimestamp += videoTimestampStep;
        frameIndex = (frameIndex + 1) % clip.video().size();
    }

    public void sendAudioFrame() {
        byte[] payload = clip.audio().get(audioIndex);
        writeHeader(false, audioPt, audioSeq, audioTimestamp, audioSsrc);
        System.arraycopy(payload, 0, buf, HEADER, payload.length);
        audioSeq = (audioSeq + 1) & 0xFFFF;
        audioTimestamp += 48_000 * MediaClip.AUDIO_FRAME_MILLIS / 1000;
        audioIndex = (audioIndex + 1) % clip.audio().size();
        send(payload.length, false);
    }

    /** Packets handed to the sink and accepted. */
    public long packetsSent() {
        return packetsSent;
    }

    private void send(int payloadLength, boolean isVp8) {
        int len = HEADER + payloadLength;
        long key = LatencyTags.key(buf, HEADER, payloadLength, isVp8);
        long now = System.nanoTime();
        if (tags != null && key != 0) {
            tags.put(key, now);
        }
        if (sink.send(buf, 0, len)) {
            packetsSent++;
            stats.packetsSent.increment();
            stats.bytesSent.add(len);
        }
    }

    private void writeHeader(boolean marker, int pt, int seq, int timestamp, int ssrc) {
        RtpPacket.writeHeader(buf, 0, marker, pt, seq, timestamp, ssrc);
    }

    /** True when an RTCP compound packet holds a PLI or a FIR (RFC 4585, RFC 5104). */
    public static boolean asksForKeyframe(byte[] buf, int off, int len) {
        int end = off + len;
        while (off + 4 <= end) {
            int fmt = buf[off] & 0x1F;
            int pt = buf[off + 1] & 0xFF;
            int length = (((buf[off + 2] & 0xFF) << 8) | (buf[off + 3] & 0xFF)) * 4 + 4;
            if (pt == 206 && (fmt == 1 || fmt == 4)) {
                return true;
            }
            off += length;
        }
        return false;
    }
}
