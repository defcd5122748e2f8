package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.TransportSequenceNumber;
import dev.osprey.webrtc.rtp.codec.H264Sps;
import dev.osprey.webrtc.rtp.rtcp.Fir;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * One publisher's tracks and the viewers they are forwarded to (the SFU's unit of fan-out).
 *
 * <h2>Threading</h2>
 * A broadcast is confined to one thread, the one behind its {@link Executor} (the publisher's event
 * loop): {@link #onRtp}, {@link #onRtcp}, {@link #tick()} and {@link Viewer#onRtcp} must be
 * called there. {@link #addViewer}, {@link #removeViewer}, {@link #restartSource} and
 * {@link #updateSource} may
 * be called from any thread: they queue a task on the executor, so the viewer array is only
 * ever touched by the broadcast thread and the packet path needs no lock. {@link #streamInfo()},
 * {@link #viewerCount()} and the {@link Viewer} figures read volatile snapshots that
 * {@link #tick()} refreshes.
 *
 * <h2>Per packet</h2>
 * No allocation and no lock: the packet is parsed in place, cached for retransmission, and for
 * each viewer copied into one scratch buffer (sends are synchronous, so one buffer serves all),
 * rewritten and handed to the viewer's {@link MediaSink}.
 *
 * <h2>Periodic work</h2>
 * Call {@link #tick()} every 20–50 ms: it sends transport-cc feedback, NACK retries, deferred and
 * repeated keyframe requests, RR (+ REMB) to the publisher and SRs to the viewers.
 */
public final class Broadcast {
    /** Largest RTP packet forwarded; leaves room for the RTX header growth and the SRTP trailer. */
    public static final int MAX_PACKET = 1500;
    /** Most tracks one publisher may have (REMB and the report blocks of one RR carry at most 31). */
    public static final int MAX_TRACKS = 31;

    private final String streamId;
    private final PublisherFeedback feedback;
    private final Executor executor;
    private final MediaClock clock;
    private final BroadcastOptions options;

    private volatile SourceDescription publisher;
    private SourceTrack[] tracks;
    private int transportCcId;
    private boolean sendTransportCc;
    private boolean sendRemb;

    private Viewer[] viewers = new Viewer[8];
    private int viewerCount;
    private volatile int publishedViewerCount;

    private final RtpPacket packet = new RtpPacket();
    private final RtpPacket out = new RtpPacket();
    private final RtcpCompoundReader compound = new RtcpCompoundReader();
    private final byte[] scratch = new byte[MAX_PACKET + Rtx.OSN_LENGTH + MediaSink.TRAILER_ROOM];
    private final byte[] rtxScratch = new byte[MAX_PACKET];
    private final byte[] rtcpOut = new byte[1500 + MediaSink.TRAILER_ROOM];
    private final byte[] viewerRtcp = new byte[1500 + MediaSink.TRAILER_ROOM];
    private final int[] lost = new int[LossTracker.CAPACITY];
    // Shared by the viewers' NACK handling, which all runs on this broadcast's thread.
    private final int[] nackedSequences = new int[256];
    // Sized to the track count; grown (on the broadcast thread) when a renegotiation adds tracks.
    private int[] rembSsrcs;
    private ReportBlock[] blocks;
    private final H264Sps sps = new H264Sps();
    private final int[] size = new int[2];
    private final TransportCcFeedback transportCc = new TransportCcFeedback();
    private long lastTransportCcNanos;
    private long nextReportNanos;

    private volatile int width;
    private volatile int height;
    private volatile long videoBitrate;
    private volatile long audioBitrate;

    private long malformedRtp;
    private long unknownSsrc;
    private long unknownPayloadType;
    private long paddingOnly;
    private long oversize;
    private long malformedRtcp;
    private long senderReportsReceived;
    private long keyframeRequestsSent;
    private long nacksSent;
    private long receiverReportsSent;
    private long rembsSent;
    private long lastRemb;

    public Broadcast(String streamId, SourceDescription publisher, PublisherFeedback feedback,
                     Executor executor, MediaClock clock, BroadcastOptions options) {
        this.streamId = Objects.requireNonNull(streamId);
        this.feedback = Objects.requireNonNull(feedback);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.options = Objects.requireNonNull(options);
        requireTrackLimit(publisher);
        this.rembSsrcs = new int[0];
        this.blocks = new ReportBlock[0];
        install(publisher, false);
    }

    private static void requireTrackLimit(SourceDescription description) {
        int n = description.tracks().size();
        if (n > MAX_TRACKS) {
            throw new IllegalArgumentException("too many tracks: " + n);
        }
    }

    /**
     * Installs a description; with {@code keepUnchanged}, a track whose description is unchanged keeps
     * its state (statistics, retransmission cache, loss and keyframe tracking), so packets flow on as if
     * nothing happened.
     */
    private void install(SourceDescription description, boolean keepUnchanged) {
        SourceTrack[] t = new SourceTrack[description.tracks().size()];
        for (int i = 0; i < t.length; i++) {
            TrackDescription d = description.tracks().get(i);
            boolean same = keepUnchanged && tracks != null && i < tracks.length && tracks[i].description.equals(d);
            t[i] = same ? tracks[i] : new SourceTrack(i, d, options);
        }
        if (blocks.length < t.length) {
            int old = blocks.length;
            blocks = Arrays.copyOf(blocks, t.length);
            for (int i = old; i < t.length; i++) {
                blocks[i] = new ReportBlock();
            }
            rembSsrcs = new int[t.length];
        }
        Integer twccId = description.headerExtensions().get(HeaderExtensionRewriter.TRANSPORT_CC);
        this.publisher = description;
        this.tracks = t;
        this.transportCcId = twccId == null ? 0 : twccId;
        this.sendTransportCc = description.transportCcFeedback() && transportCcId > 0;
        this.sendRemb = description.rembFeedback() && !sendTransportCc;
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].sourceChanged(description);
        }
    }

    public String streamId() {
        return streamId;
    }

    public SourceDescription publisher() {
        return publisher;
    }

    // ---------------------------------------------------------------- control (any thread)

    /**
     * Adds a viewer; returns at once, the viewer starts receiving once the broadcast thread has run
     * the queued task (with a keyframe request for each video stream). Any thread.
     *
     * @throws IllegalArgumentException when the description names a track the publisher lacks
     */
    public Viewer addViewer(String id, ViewerDescription description, MediaSink sink) {
        Viewer s = new Viewer(id, this, description, Objects.requireNonNull(sink), publisher);
        executor.execute(() -> attach(s));
        return s;
    }

    /**
     * Extends a viewer to publisher tracks it does not receive yet (a renegotiation offered them to it):
     * its other streams flow on without a gap, and each added video stream starts at a keyframe, asked
     * for at once. Any thread; applied after every control call made before it.
     *
     * @throws IllegalArgumentException when a track is unknown to the publisher or the viewer has it already
     */
    public void addViewerTracks(Viewer viewer, List<ViewerTrackDescription> added) {
        SourceDescription current = publisher;
        Set<Integer> seen = new HashSet<>();
        for (ViewerTrackDescription t : added) {
            if (t.track() >= current.tracks().size() || viewer.hasStream(t.track()) || !seen.add(t.track())) {
                throw new IllegalArgumentException("bad or duplicate track index " + t.track());
            }
        }
        List<ViewerTrackDescription> copy = List.copyOf(added);
        executor.execute(() -> {
            viewer.addStreams(copy, publisher);
            long now = clock.nanoTime();
            for (ViewerTrackDescription t : copy) {
                if (t.track() < tracks.length && tracks[t.track()].video) {
                    requestKeyframe(tracks[t.track()], now);
                }
            }
        });
    }

    /** Stops forwarding to a viewer; any thread. */
    public void removeViewer(Viewer viewer) {
        executor.execute(() -> detach(viewer));
    }

    /**
     * The publisher came back with new SSRCs (a new peer connection) or restarted its encoders:
     * replaces its track descriptions (same number of tracks, same kinds, in the same order).
     * Viewers continue their outgoing sequences, and video resumes at the next keyframe. Any thread.
     */
    public void restartSource(SourceDescription description) {
        if (description.tracks().size() != publisher.tracks().size()) {
            throw new IllegalArgumentException("a restarted publisher must keep its track count");
        }
        for (int i = 0; i < description.tracks().size(); i++) {
            if (description.tracks().get(i).kind() != publisher.tracks().get(i).kind()) {
                throw new IllegalArgumentException("a restarted publisher must keep its track kinds");
            }
        }
        executor.execute(() -> {
            install(description, false);
            long now = clock.nanoTime();
            for (SourceTrack t : tracks) {
                if (t.video) {
                    requestKeyframe(t, now);
                }
            }
        });
    }

    /**
     * The publisher renegotiated on the same connection: the tracks it had keep their index and kind (a
     * track it stopped sending stays, silent), new tracks follow them. A track whose description is
     * unchanged keeps forwarding without a gap; one whose SSRC or codec changed restarts like
     * {@link #restartSource}. Viewers keep their streams; a new track reaches viewers added afterwards
     * (their description may name it) and those extended to it by {@link #addViewerTracks}. Any
     * thread; applied in call order.
     *
     * @throws IllegalArgumentException when a track disappears or changes kind, or there are too many
     */
    public void updateSource(SourceDescription description) {
        requireTrackLimit(description);
        SourceDescription current = publisher;
        if (description.tracks().size() < current.tracks().size()) {
            throw new IllegalArgumentException("a renegotiating publisher keeps its tracks");
        }
        for (int i = 0; i < current.tracks().size(); i++) {
            if (description.tracks().get(i).kind() != current.tracks().get(i).kind()) {
                throw new IllegalArgumentException("track " + i + " changed kind");
            }
        }
        // Published at once: a viewer offered a new track may be added before the task below runs.
        publisher = description;
        executor.execute(() -> {
            SourceTrack[] before = tracks;
            install(description, true);
            long now = clock.nanoTime();
            for (SourceTrack t : tracks) {
                if (t.video && (t.index >= before.length || before[t.index] != t)) {
                    requestKeyframe(t, now);
                }
            }
        });
    }

    public int viewerCount() {
        return publishedViewerCount;
    }

    /** Picture size and incoming bitrates; any thread (bitrates refreshed by {@link #tick()}). */
    public StreamInfo streamInfo() {
        String codec = null;
        for (TrackDescription t : publisher.tracks()) {
            if (t.kind() == MediaKind.VIDEO) {
                codec = t.codec();
                break;
            }
        }
        return new StreamInfo(width, height, videoBitrate, audioBitrate, codec);
    }

    private void attach(Viewer s) {
        if (viewerCount == viewers.length) {
            viewers = Arrays.copyOf(viewers, viewerCount * 2);
        }
        viewers[viewerCount++] = s;
        publishedViewerCount = viewerCount;
        long now = clock.nanoTime();
        for (SourceTrack t : tracks) {
            if (t.video && s.hasStream(t.index)) {
                requestKeyframe(t, now);
            }
        }
    }

    private void detach(Viewer s) {
        for (int i = 0; i < viewerCount; i++) {
            if (viewers[i] == s) {
                viewers[i] = viewers[--viewerCount];
                viewers[viewerCount] = null;
                publishedViewerCount = viewerCount;
                return;
            }
        }
    }

    // ---------------------------------------------------------------- packet path (broadcast thread)

    /** One RTP packet from the publisher, already decrypted; {@code buf} is not retained. */
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        if (!packet.wrap(buf, off, len)) {
            malformedRtp++;
            return;
        }
        if (len > MAX_PACKET) {
            oversize++;
            return;
        }
        int ssrc = packet.ssrc();
        SourceTrack track = null;
        boolean rtx = false;
        for (SourceTrack t : tracks) {
            TrackDescription d = t.description;
            if (d.ssrc() == ssrc) {
                track = t;
                break;
            }
            if (d.hasRtx() && d.rtxSsrc() == ssrc) {
                track = t;
                rtx = true;
                break;
            }
        }
        if (track == null) {
            unknownSsrc++;
            return;
        }
        TrackDescription d = track.description;
        if (packet.payloadType() != (rtx ? d.rtxPayloadType() : d.payloadType())) {
            unknownPayloadType++;
            return;
        }
        long now = clock.nanoTime();
        if (sendTransportCc) {
            recordTransportCc(arrivalNanos, now);
        }
        track.bitrate.add(len, now);
        if (packet.payloadLength() <= (rtx ? Rtx.OSN_LENGTH - 1 : 0)) {
            paddingOnly++; // bandwidth probes: counted for the estimate above, never forwarded
            return;
        }
        if (rtx) {
            int n = Rtx.unwrap(packet, rtxScratch, 0, d.ssrc(), d.payloadType());
            if (n < 0 || !packet.wrap(rtxScratch, 0, n)) {
                malformedRtp++;
                return;
            }
        }
        int seq = packet.sequenceNumber();
        long ext = track.statistics.onPacket(seq, packet.timestamp(), arrivalNanos, rtx);
        track.packets++;
        if (d.nack()) {
            int missingBefore = track.losses.missingCount();
            if (!track.losses.onPacket(ext, now) && track.video) {
                requestKeyframe(track, now);
            }
            if (track.losses.missingCount() > missingBefore) {
                sendNacks(track, now);
            }
        }
        track.cache.store(seq, packet.buffer(), packet.offset(), packet.length(), now);
        boolean keyframe = false;
        if (track.video) {
            keyframe = track.codec.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength());
            if (keyframe) {
                track.keyframes.keyframeReceived();
                track.keyframesReceived++;
                readPictureSize(track);
            }
        }
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].forward(track, packet, keyframe, arrivalNanos, now, scratch, out);
        }
    }

    private void recordTransportCc(long arrivalNanos, long now) {
        int seq = TransportSequenceNumber.read(packet, transportCcId);
        if (seq < 0) {
            return;
        }
        if (transportCc.add(seq, arrivalNanos)) {
            flushTransportCc(now);
            transportCc.addAfterFlush(seq, arrivalNanos);
        }
    }

    private void readPictureSize(SourceTrack track) {
        if (track.codec.pictureSize(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), sps, size)
                && (size[0] != width || size[1] != height)) {
            width = size[0];
            height = size[1];
        }
    }

    /** RTCP from the publisher, already decrypted: its SRs feed the RR and the viewers' lip-sync mapping. */
    public void onRtcp(byte[] buf, int off, int len) {
        if (!compound.wrap(buf, off, len)) {
            malformedRtcp++;
            return;
        }
        long now = clock.nanoTime();
        while (compound.next()) {
            int p = compound.packetOffset();
            int n = compound.packetLength();
            if (compound.packetType() == Rtcp.PT_SR && SenderReport.isValid(buf, p, n)) {
                int ssrc = SenderReport.ssrc(buf, p);
                for (SourceTrack t : tracks) {
                    if (t.description.ssrc() == ssrc) {
                        t.statistics.onSenderReport(SenderReport.ntpTimestamp(buf, p), SenderReport.rtpTimestamp(buf, p), now);
                        senderReportsReceived++;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- feedback to the publisher

    /** Asks the publisher for a keyframe on {@code track}, subject to the per-track throttle. */
    void requestKeyframe(SourceTrack track, long now) {
        if (track.keyframes.request(now)) {
            sendKeyframeRequest(track);
        }
    }

    private void sendKeyframeRequest(SourceTrack track) {
        int ssrc = track.description.ssrc();
        int len = Pli.write(rtcpOut, 0, options.localSsrc(), ssrc);
        if (track.description.fir()) {
            track.firSequence = (track.firSequence + 1) & 0xFF;
            len += Fir.write(rtcpOut, len, options.localSsrc(), ssrc, track.firSequence);
        }
        feedback.sendRtcp(rtcpOut, 0, len);
        keyframeRequestsSent++;
    }

    private void sendNacks(SourceTrack track, long now) {
        int n = track.losses.due(now, lost);
        if (n > 0) {
            int len = Nack.write(rtcpOut, 0, options.localSsrc(), track.description.ssrc(), lost, 0, n);
            if (len > 0) {
                feedback.sendRtcp(rtcpOut, 0, len);
                nacksSent++;
            }
        }
    }

    private void flushTransportCc(long now) {
        lastTransportCcNanos = now;
        int len = transportCc.write(rtcpOut, 0, options.localSsrc(), tracks[0].description.ssrc());
        if (len > 0) {
            feedback.sendRtcp(rtcpOut, 0, len);
        }
    }

    /**
     * The REMB value: a generous ramp over what arrives (1.5x + 100 kbit/s, at least 1 Mbit/s) up to
     * the configured maximum, so a sender limited by REMB alone keeps room to grow; under heavy loss
     * (> 10 % in the last interval) it falls back to 85 % of the incoming rate.
     */
    private long rembEstimate(long incoming, int worstFractionLost) {
        if (worstFractionLost > 25) {
            return Math.max(100_000, incoming * 85 / 100);
        }
        return Math.min(options.maxBitrate(), Math.max(1_000_000, incoming * 3 / 2 + 100_000));
    }

    // ---------------------------------------------------------------- periodic work

    /** Periodic work; broadcast thread, every 20–50 ms. */
    public void tick() {
        long now = clock.nanoTime();
        if (sendTransportCc && !transportCc.isEmpty() && now - lastTransportCcNanos >= options.transportCcInterval()) {
            flushTransportCc(now);
        }
        long video = 0;
        long audio = 0;
        for (SourceTrack t : tracks) {
            if (t.description.nack()) {
                sendNacks(t, now);
            }
            if (t.video) {
                if (t.keyframes.due(now)) {
                    sendKeyframeRequest(t);
                } else if (now - t.keyframes.lastSentNanos() >= options.keyframeRetryInterval() && anyWaiting(t)) {
                    requestKeyframe(t, now);
                }
                video += t.bitrate.bitsPerSecond(now);
            } else {
                audio += t.bitrate.bitsPerSecond(now);
            }
        }
        videoBitrate = video;
        audioBitrate = audio;
        if (now - nextReportNanos >= 0) {
            nextReportNanos = now + options.reportInterval();
            sendReceiverReport(now, video + audio);
        }
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].tick(now, options.reportInterval(), viewerRtcp);
        }
    }

    private boolean anyWaiting(SourceTrack t) {
        for (int i = 0; i < viewerCount; i++) {
            if (viewers[i].waitingForKeyframe(t.index)) {
                return true;
            }
        }
        return false;
    }

    private void sendReceiverReport(long now, long incoming) {
        int count = 0;
        int worstLoss = 0;
        for (SourceTrack t : tracks) {
            if (t.statistics.hasPackets()) {
                t.statistics.fill(blocks[count], t.description.ssrc(), now);
                worstLoss = Math.max(worstLoss, blocks[count].fractionLost);
                rembSsrcs[count] = t.description.ssrc();
                count++;
            }
        }
        if (count == 0) {
            return;
        }
        int len = ReceiverReport.write(rtcpOut, 0, options.localSsrc(), blocks, count);
        receiverReportsSent++;
        if (sendRemb) {
            lastRemb = rembEstimate(incoming, worstLoss);
            len += Remb.write(rtcpOut, len, options.localSsrc(), lastRemb, rembSsrcs, count);
            rembsSent++;
        }
        feedback.sendRtcp(rtcpOut, 0, len);
    }

    // ---------------------------------------------------------------- shared with Viewer

    long now() {
        return clock.nanoTime();
    }

    SourceTrack track(int index) {
        return tracks[index];
    }

    byte[] scratch() {
        return scratch;
    }

    RtpPacket outView() {
        return out;
    }

    int[] nackedSequences() {
        return nackedSequences;
    }

    // ---------------------------------------------------------------- counters (broadcast thread)

    public long malformedRtp() {
        return malformedRtp;
    }

    /** RTP packets whose SSRC is none of the publisher's media or RTX SSRCs. */
    public long unknownSsrc() {
        return unknownSsrc;
    }

    public long unknownPayloadType() {
        return unknownPayloadType;
    }

    /** Padding-only packets (bandwidth probes): measured, never forwarded. */
    public long paddingOnly() {
        return paddingOnly;
    }

    public long oversize() {
        return oversize;
    }

    public long malformedRtcp() {
        return malformedRtcp;
    }

    public long senderReportsReceived() {
        return senderReportsReceived;
    }

    /** PLI (+FIR) compounds sent to the publisher. */
    public long keyframeRequestsSent() {
        return keyframeRequestsSent;
    }

    public long nacksSent() {
        return nacksSent;
    }

    public long receiverReportsSent() {
        return receiverReportsSent;
    }

    public long rembsSent() {
        return rembsSent;
    }

    /** The last REMB value sent, bit/s (0 before the first). */
    public long lastRemb() {
        return lastRemb;
    }

    public long transportCcFeedbackSent() {
        return transportCc.packetsSent();
    }
}
