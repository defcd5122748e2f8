package dev.osprey.webrtc.rtp.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helper: collects a packetizer's payloads and feeds them back to a depacketizer. */
final class Payloads implements PayloadSink {
    final List<byte[]> payloads = new ArrayList<>();
    final List<Boolean> lasts = new ArrayList<>();

    static Payloads of(RtpPacketizer packetizer, byte[] frame, boolean keyframe) {
        Payloads p = new Payloads();
        int n = packetizer.packetize(frame, 0, frame.length, keyframe, p);
        if (n != p.payloads.size()) {
            throw new AssertionError("packetize returned " + n + " for " + p.payloads.size() + " payloads");
        }
        return p;
    }

    @Override
    public void payload(byte[] buf, int off, int len, boolean lastOfFrame) {
        payloads.add(Arrays.copyOfRange(buf, off, off + len));
        lasts.add(lastOfFrame);
    }

    byte[] get(int i) {
        return payloads.get(i);
    }

    int size() {
        return payloads.size();
    }

    /** True when exactly the last payload is marked last. */
    boolean lastMarkedOnce() {
        for (int i = 0; i < lasts.size(); i++) {
            if (lasts.get(i) != (i == lasts.size() - 1)) {
                return false;
            }
        }
        return !lasts.isEmpty();
    }

    /** The frame the depacketizer rebuilds from these payloads, or null when it refuses them. */
    byte[] depacketize(RtpDepacketizer depacketizer) {
        return depacketize(depacketizer, new FrameBuffer());
    }

    byte[] depacketize(RtpDepacketizer depacketizer, FrameBuffer out) {
        out.clear();
        boolean keyframe = false;
        for (byte[] p : payloads) {
            keyframe |= depacketizer.isKeyframe(p, 0, p.length);
            if (!depacketizer.append(p, 0, p.length, out)) {
                depacketizer.reset();
                return null;
            }
        }
        return depacketizer.finish(out, keyframe) ? out.toByteArray() : null;
    }

    /** Deterministic filler bytes. */
    static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (seed + i * 31 + (i >>> 8));
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
