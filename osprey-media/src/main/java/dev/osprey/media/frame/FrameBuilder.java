package dev.osprey.media.frame;

import dev.osprey.webrtc.rtp.codec.FrameBuffer;
import dev.osprey.webrtc.rtp.codec.RtpDepacketizer;

/**
 * Groups in-order packets into frames and decides which frames are whole. A frame is the packets
 * sharing one RTP timestamp; it ends at the marker bit, or where the next timestamp starts right
 * after it. Audio frames are single packets. A frame with a gap, or whose depacketizing fails, is
 * dropped; after a gap the next frame counts only when the depacketizer can tell it starts there.
 * Video drops every frame after a loss until a keyframe, since references are broken, and starts
 * with a keyframe; it asks for one once per loss episode.
 */
final class FrameBuilder implements PacketOutput {
    private final RtpDepacketizer depacketizer;
    private final boolean video;
    private final FrameListener listener;
    private final FrameBuffer buffer;
    private final AssembledFrame assembled = new AssembledFrame();

    private boolean open;
    private boolean broken;
    private boolean keyframe;
    private int timestamp;
    private long extendedTimestamp;
    private long firstSequence;
    private long lastSequence;
    private long arrivalNanos;
    private boolean timestampKnown;
    private long lastExtendedTimestamp;

    /** Whether the packet before the next one is unknown (lost, or nothing seen yet). */
    private boolean gapBefore = true;
    private boolean waitingForKeyframe;
    private boolean keyframeAsked;

    private long framesEmitted;
    private long framesDropped;
    private long keyframeRequests;

    FrameBuilder(RtpDepacketizer depacketizer, boolean video, int maxFrameSize, FrameListener listener) {
        this.depacketizer = depacketizer;
        this.video = video;
        this.listener = listener;
        this.buffer = new FrameBuffer(Math.min(maxFrameSize, video ? 64 * 1024 : 2048), maxFrameSize);
        this.waitingForKeyframe = video;
    }

    @Override
    public void packet(long sequence, int ts, boolean marker, byte[] buf, int off, int len, long arrival) {
        if (len == 0) {
            return; // padding only: takes a sequence number, belongs to no frame
        }
        if (open && ts != timestamp) {
            complete(); // ended without a marker; had a packet gone missing, lost() would have broken it
        }
        if (!open) {
            start(sequence, ts, gapBefore && !depacketizer.startsFrame(buf, off, len));
        }
        gapBefore = false;
        lastSequence = sequence;
        arrivalNanos = arrival;
        if (!broken) {
            if (depacketizer.append(buf, off, len, buffer)) {
                keyframe |= depacketizer.isKeyframe(buf, off, len);
            } else {
                breakFrame();
            }
        }
        if (marker || !video) {
            complete();
        }
    }

    @Override
    public void lost(long count) {
        gapBefore = true;
        if (open) {
            breakFrame();
        }
        if (video) {
            needKeyframe();
        }
    }

    @Override
    public void restarted() {
        if (open) {
            breakFrame();
            open = false;
            framesDropped++;
        }
        startOver();
    }

    /** Forgets the frame in progress and the timestamp history; video waits for a keyframe again. */
    void reset() {
        if (open) {
            depacketizer.reset();
            open = false;
        }
        startOver();
    }

    boolean waitingForKeyframe() {
        return waitingForKeyframe;
    }

    long framesEmitted() {
        return framesEmitted;
    }

    long framesDropped() {
        return framesDropped;
    }

    long keyframeRequests() {
        return keyframeRequests;
    }

    private void startOver() {
        gapBefore = true;
        timestampKnown = false;
        waitingForKeyframe = video;
        keyframeAsked = false;
    }

    private void start(long sequence, int ts, boolean brokenStart) {
        open = true;
        broken = brokenStart;
        keyframe = false;
        timestamp = ts;
        firstSequence = sequence;
        extendedTimestamp = timestampKnown ? lastExtendedTimestamp + (ts - (int) lastExtendedTimestamp) : ts & 0xFFFFFFFFL;
        lastExtendedTimestamp = extendedTimestamp;
        timestampKnown = true;
        buffer.clear();
    }

    private void breakFrame() {
        if (!broken) {
            broken = true;
            depacketizer.reset();
        }
    }

    private void complete() {
        open = false;
        if (broken || !depacketizer.finish(buffer, keyframe)) {
            framesDropped++;
            if (video) {
                needKeyframe();
            }
            return;
        }
        if (waitingForKeyframe && !keyframe) {
            framesDropped++;
            needKeyframe();
            return;
        }
        if (keyframe) {
            waitingForKeyframe = false;
            keyframeAsked = false;
        }
        framesEmitted++;
        assembled.set(buffer, keyframe, extendedTimestamp, firstSequence, lastSequence, arrivalNanos);
        listener.onFrame(assembled);
    }

    private void needKeyframe() {
        waitingForKeyframe = true;
        if (!keyframeAsked) {
            keyframeAsked = true;
            keyframeRequests++;
            listener.keyframeNeeded();
        }
    }
}
