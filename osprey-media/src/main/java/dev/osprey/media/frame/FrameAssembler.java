package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.codec.FrameBuffer;
import dev.osprey.webrtc.rtp.codec.RtpDepacketizer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Turns one track's RTP packets into complete encoded frames for a tap. Packets go through a small
 * reordering window (see {@link ReorderWindow}) and are grouped into frames by timestamp and marker
 * bit; the codec's {@link RtpDepacketizer} rebuilds each frame. Loss drops the frame it hits; for
 * video every later frame is dropped too until a keyframe, and the listener is told once per loss
 * episode that one is needed. The first video frame out is always a keyframe.
 *
 * <p>Memory is bounded whatever the input: the window's preallocated slots, and a frame buffer
 * that never grows past {@link Options#maxFrameSize()}. One thread only (the tap's worker); once
 * warm it allocates nothing per packet.
 */
public final class FrameAssembler {

    /**
     * Limits of an assembler.
     *
     * @param windowPackets packets the reordering window holds (a power of two)
     * @param maxDelayNanos how long a later packet waits for a missing one before it is declared lost
     * @param maxPacketSize the largest RTP payload accepted; larger ones are discarded (and become a loss)
     * @param maxFrameSize  the largest frame; a larger one is dropped like a lost one
     */
    public record Options(int windowPackets, long maxDelayNanos, int maxPacketSize, int maxFrameSize) {
        public Options {
            if (maxDelayNanos < 0 || maxFrameSize < 1) {
                throw new IllegalArgumentException("bad limits: delay " + maxDelayNanos + ", frame " + maxFrameSize);
            }
        }

        /**
         * 512 packets and 150 ms: enough for a NACK and retransmission round trip on the publisher leg
         * at several Mbit/s; payloads up to 1500 bytes; frames up to 8 MiB.
         */
        public static Options defaults() {
            return new Options(512, TimeUnit.MILLISECONDS.toNanos(150), 1500, FrameBuffer.DEFAULT_MAX_SIZE);
        }

        /** Audio: 64 packets (over a second of Opus), 150 ms, frames up to 64 KiB. */
        public static Options audio() {
            return new Options(64, TimeUnit.MILLISECONDS.toNanos(150), 1500, 64 * 1024);
        }
    }

    private final FrameBuilder frames;
    private final ReorderWindow window;

    /**
     * @param depacketizer the track's codec, from {@code RtpPayloadFormats.depacketizer}
     * @param video        true for video (keyframe logic), false for audio (each packet is a frame)
     */
    public FrameAssembler(RtpDepacketizer depacketizer, boolean video, Options options, FrameListener listener) {
        Objects.requireNonNull(depacketizer, "depacketizer");
        Objects.requireNonNull(listener, "listener");
        this.frames = new FrameBuilder(depacketizer, video, options.maxFrameSize(), listener);
        this.window = new ReorderWindow(options.windowPackets(), options.maxDelayNanos(), options.maxPacketSize(), frames);
    }

    /**
     * One RTP packet of the track; {@code payload} is the RTP payload (header, extensions and padding
     * removed) and may be reused by the caller once this returns. A packet of padding only (empty
     * payload) just takes its sequence number.
     */
    public void onPacket(int sequenceNumber, int timestamp, boolean marker, byte[] payload, int off, int len,
                         long arrivalNanos) {
        Objects.checkFromIndexSize(off, len, payload.length);
        window.offer(sequenceNumber, timestamp, marker, payload, off, len, arrivalNanos);
    }

    /** Declares lost the packets that later ones have waited too long for, when no packet comes to do it. */
    public void poll(long nowNanos) {
        window.expire(nowNanos);
    }

    /** The source restarted: forget every packet and frame in progress; video waits for a keyframe. */
    public void reset() {
        window.reset();
        frames.reset();
    }

    /** True while video output waits for a keyframe (at the start and after loss). */
    public boolean waitingForKeyframe() {
        return frames.waitingForKeyframe();
    }

    public long framesEmitted() {
        return frames.framesEmitted();
    }

    /** Frames started but not emitted: incomplete, malformed, too large, or not a keyframe when one was needed. */
    public long framesDropped() {
        return frames.framesDropped();
    }

    /** Sequence numbers never received (or discarded as too large) before the window gave up on them. */
    public long packetsLost() {
        return window.lost();
    }

    public long duplicatePackets() {
        return window.duplicates();
    }

    /** Packets that came after their sequence number had been released or declared lost. */
    public long latePackets() {
        return window.late();
    }

    /** Packets larger than {@link Options#maxPacketSize()}. */
    public long discardedPackets() {
        return window.discarded();
    }

    public long keyframeRequests() {
        return frames.keyframeRequests();
    }
}
