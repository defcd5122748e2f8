package dev.osprey.media;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * A source that takes its feedback as RTCP, as the WebRTC publisher leg does: keyframe requests become
 * PLI (+FIR) compounds. Records every compound, the keyframe requests by track and the bitrate hints.
 */
final class RtcpSource implements MediaSource {
    final List<byte[]> rtcp = new ArrayList<>();
    final List<Integer> keyframeRequests = new ArrayList<>();
    final List<Long> bitrateHints = new ArrayList<>();
    private final RtcpKeyframeRequest request = new RtcpKeyframeRequest(BroadcastOptions.defaults().localSsrc());
    private final byte[] out = new byte[128];
    private Supplier<SourceDescription> description;

    /** The description keyframe requests are written for (the broadcast's, once it exists). */
    void describedBy(Supplier<SourceDescription> description) {
        this.description = description;
    }

    @Override
    public void requestKeyframe(int track) {
        keyframeRequests.add(track);
        int len = request.write(track, description.get().tracks().get(track), out, 0);
        sendRtcp(out, 0, len);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        Fixture.checkRoom(buf, off, len);
        rtcp.add(Arrays.copyOfRange(buf, off, off + len));
    }

    @Override
    public void bitrateHint(long bitsPerSecond) {
        bitrateHints.add(bitsPerSecond);
    }
}
