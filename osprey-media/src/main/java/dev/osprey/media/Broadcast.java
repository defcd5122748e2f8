package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.codec.H264Sps;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * One live stream: the tracks of the {@link MediaSource} that feeds it, and the {@link Viewer}s and
 * {@link Tap}s that read it (the SFU's unit of fan-out). The path a packet takes is drawn in this
 * package's {@code package-info}; {@link #onRtp} reads as that drawing, one named step per line.
 *
 * <h2>Threading</h2>
 * A broadcast is confined to one thread, the one behind its {@link Executor} (the source's event
 * loop): {@link #onRtp}, {@link #onRtcp}, {@link #tick()} and {@link Viewer#onRtcp} must be called
 * there. The control methods ({@link #addViewer}, {@link #removeViewer}, {@link #addTap},
 * {@link #restartSource}, {@link #updateSource}, {@link #end()}, ...) may be called from any thread:
 * they queue a task on the executor, so the viewer and tap arrays are only ever touched by the
 * broadcast thread and the packet path needs no lock. {@link #streamInfo()}, {@link #viewerCount()}
 * and the {@link Viewer} figures read volatile snapshots that {@link #tick()} refreshes.
 *
 * <h2>Per packet</h2>
 * No allocation and no lock: the packet is parsed in place, cached for retransmission, copied for
 * each viewer into one scratch buffer (sends are synchronous, so one buffer serves all), rewritten
 * and handed to the viewer's {@link MediaSink}; then copied into each tap's queue.
 *
 * <h2>Periodic work</h2>
 * Call {@link #tick()} every 20–50 ms: it sends the source its feedback ({@link SourceFeedback}),
 * the viewers their SRs, takes the taps' keyframe requests and wakes the taps' workers.
 *
 * <h2>Mirrors: one audience over several loops</h2>
 * {@link #mirrorOn} gives a viewer on another event loop a <em>mirror</em> of this broadcast on that loop:
 * a broadcast whose source is this one (see {@code BroadcastMirror}). This broadcast copies each packet
 * once per mirror into that mirror's lane, after its own viewers; the mirror fans it out to the viewers
 * of its loop. Description changes, the end and a restart reach the mirrors in packet order; a mirror
 * that has had no viewer for a while is dropped by {@link #tick()}. Mirrors are ticked by their origin.
 */
public final class Broadcast {
    /** Largest RTP packet forwarded; leaves room for the RTX header growth and the SRTP trailer. */
    public static final int MAX_PACKET = 1500;
    /** Most tracks one source may have (REMB and the report blocks of one RR carry at most 31). */
    public static final int MAX_TRACKS = 31;
    /** Default size of a tap's queue: about 4 s of a 2 Mbit/s stream. */
    public static final int DEFAULT_TAP_QUEUE_BYTES = 1 << 20;
    private static final TapRunner[] NO_TAPS = new TapRunner[0];
    private static final BroadcastMirror[] NO_MIRRORS = new BroadcastMirror[0];

    private final String streamId;
    private final MediaSource source;
    private final Executor executor;
    private final MediaClock clock;
    private final BroadcastOptions options;
    private final SourceFeedback feedback;

    private volatile SourceDescription description;
    private SourceTrack[] tracks;

    private Viewer[] viewers = new Viewer[8];
    private int viewerCount;
    private volatile int publishedViewerCount;
    private TapRunner[] taps = NO_TAPS;
    private boolean ended;
    /** The broadcast this one mirrors, null for an origin. */
    private final Broadcast origin;
    /** This origin's mirrors by their executor; guarded by itself (control calls only). */
    private final Map<Executor, BroadcastMirror> mirrorsByExecutor = new HashMap<>();
    /** The mirrors the packet path copies to; broadcast thread. */
    private BroadcastMirror[] mirrors = NO_MIRRORS;
    /** Packets dropped by mirrors since dropped; broadcast thread. */
    private long droppedMirrorsDrops;
    /** Refreshed by {@link #tick()}: packets the mirrors' loops were too far behind to take. */
    private volatile long mirrorLaneDrops;

    private final RtpPacket packet = new RtpPacket();
    private final RtpPacket out = new RtpPacket();
    private final RtcpCompoundReader compound = new RtcpCompoundReader();
    private final byte[] scratch = new byte[MAX_PACKET + Rtx.OSN_LENGTH + MediaSink.TRAILER_ROOM];
    private final byte[] rtxScratch = new byte[MAX_PACKET];
    private final byte[] viewerRtcp = new byte[1500 + MediaSink.TRAILER_ROOM];
    // Shared by the viewers' NACK handling, which all runs on this broadcast's thread.
    private final int[] nackedSequences = new int[256];
    private final H264Sps sps = new H264Sps();
    private final int[] size = new int[2];
    /** Set by {@link #route} for the packet in hand: it came on the track's RTX SSRC. */
    private boolean routedRtx;
    private final SourceFeedback.KeyframeWait waitingViewers = this::anyWaiting;
    /** The arrival time of the packet being fanned out, 0 outside a fan-out. */
    private long fanOutArrivalNanos;

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

    public Broadcast(String streamId, SourceDescription description, MediaSource source,
                     Executor executor, MediaClock clock, BroadcastOptions options) {
        this(streamId, description, source, executor, clock, options, null);
    }

    /** A mirror of {@code origin} on {@code executor}, fed by its {@link BroadcastMirror}. */
    static Broadcast mirrorOf(Broadcast origin, MediaSource lane, Executor executor, MediaClock clock,
                              BroadcastOptions options) {
        return new Broadcast(origin.streamId, origin.description, lane, executor, clock, options, origin);
    }

    private Broadcast(String streamId, SourceDescription description, MediaSource source,
                      Executor executor, MediaClock clock, BroadcastOptions options, Broadcast origin) {
        this.origin = origin;
        this.streamId = Objects.requireNonNull(streamId);
        this.source = Objects.requireNonNull(source);
        this.executor = Objects.requireNonNull(executor);
        this.clock = Objects.requireNonNull(clock);
        this.options = Objects.requireNonNull(options);
        this.feedback = new SourceFeedback(source, options);
        requireTrackLimit(description);
        install(description, false);
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
    private void install(SourceDescription d, boolean keepUnchanged) {
        SourceTrack[] t = new SourceTrack[d.tracks().size()];
        for (int i = 0; i < t.length; i++) {
            TrackDescription td = d.tracks().get(i);
            boolean same = keepUnchanged && tracks != null && i < tracks.length && tracks[i].description.equals(td);
            t[i] = same ? tracks[i] : new SourceTrack(i, td, options);
        }
        this.description = d;
        this.tracks = t;
        feedback.describe(d);
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].sourceChanged(d);
        }
        for (TapRunner tap : taps) {
            tap.offerSource(d);
        }
    }

    public String streamId() {
        return streamId;
    }

    /** The source's tracks as they are now; any thread. */
    public SourceDescription sourceDescription() {
        return description;
    }

    // ---------------------------------------------------------------- control (any thread)

    /**
     * Adds a viewer; returns at once, the viewer starts receiving once the broadcast thread has run
     * the queued task (with a keyframe request for each video stream). Any thread.
     *
     * @throws IllegalArgumentException when the description names a track the source lacks
     */
    public Viewer addViewer(String id, ViewerDescription viewerDescription, MediaSink sink) {
        Viewer v = new Viewer(id, this, viewerDescription, Objects.requireNonNull(sink), description);
        executor.execute(() -> attach(v));
        return v;
    }

    /**
     * Extends a viewer to source tracks it does not receive yet (a renegotiation offered them to it):
     * its other streams flow on without a gap, and each added video stream starts at a keyframe, asked
     * for at once. Any thread; applied after every control call made before it.
     *
     * @throws IllegalArgumentException when a track is unknown to the source or the viewer has it already
     */
    public void addViewerTracks(Viewer viewer, List<ViewerTrackDescription> added) {
        SourceDescription current = description;
        Set<Integer> seen = new HashSet<>();
        for (ViewerTrackDescription t : added) {
            if (t.track() >= current.tracks().size() || viewer.hasStream(t.track()) || !seen.add(t.track())) {
                throw new IllegalArgumentException("bad or duplicate track index " + t.track());
            }
        }
        List<ViewerTrackDescription> copy = List.copyOf(added);
        executor.execute(() -> {
            viewer.addStreams(copy, description);
            long now = clock.nanoTime();
            for (ViewerTrackDescription t : copy) {
                if (t.track() < tracks.length && tracks[t.track()].video) {
                    feedback.requestKeyframe(tracks[t.track()], now);
                }
            }
        });
    }

    /** Stops forwarding to a viewer; any thread. */
    public void removeViewer(Viewer viewer) {
        executor.execute(() -> detach(viewer));
    }

    /**
     * Starts a tap on this broadcast with a queue of {@link #DEFAULT_TAP_QUEUE_BYTES}; see
     * {@link #addTap(String, Tap, int)}.
     */
    public TapHandle addTap(String name, Tap tap) {
        return addTap(name, tap, DEFAULT_TAP_QUEUE_BYTES);
    }

    /**
     * Starts a tap on this broadcast: its worker thread starts now, and it receives every packet from
     * the moment the broadcast thread has run the queued attach (first {@link Tap#onStart} with the
     * source's tracks). On a broadcast that has ended, the tap is started and closed at once. Any thread.
     *
     * @param queueBytes how much packet data may wait for the tap before packets are dropped
     */
    public TapHandle addTap(String name, Tap tap, int queueBytes) {
        TapRunner runner = new TapRunner(this, Objects.requireNonNull(name), Objects.requireNonNull(tap), queueBytes);
        runner.startWorker();
        try {
            executor.execute(() -> attach(runner));
        } catch (RejectedExecutionException e) {
            runner.close(); // the loop is gone: nothing will ever be offered
        }
        return runner;
    }

    /** Stops a tap (see {@link TapHandle#stop()}); any thread. */
    void removeTap(TapRunner tap) {
        try {
            executor.execute(() -> detach(tap));
        } catch (RejectedExecutionException e) {
            tap.close();
        }
    }

    /**
     * The stream is over: every tap gets what is queued for it and then {@link Tap#onClose()}; taps added
     * later close at once, unless {@link #restartSource} starts the stream again. Viewers are left to
     * their sessions. Any thread.
     */
    public void end() {
        try {
            executor.execute(this::endTapsAndMirrors);
        } catch (RejectedExecutionException e) {
            for (TapRunner tap : taps) {
                tap.close();
            }
        }
    }

    /**
     * The source came back with new SSRCs (a new peer connection) or restarted its encoders:
     * replaces its track descriptions (same number of tracks, same kinds, in the same order).
     * Viewers continue their outgoing sequences, and video resumes at the next keyframe. A broadcast
     * that had {@link #end() ended} lives again (a reconnecting publisher took the stream over just
     * after it ended): taps may be added anew. Any thread.
     */
    public void restartSource(SourceDescription restarted) {
        SourceDescription current = description;
        if (restarted.tracks().size() != current.tracks().size()) {
            throw new IllegalArgumentException("a restarted source must keep its track count");
        }
        for (int i = 0; i < restarted.tracks().size(); i++) {
            if (restarted.tracks().get(i).kind() != current.tracks().get(i).kind()) {
                throw new IllegalArgumentException("a restarted source must keep its track kinds");
            }
        }
        executor.execute(() -> {
            ended = false; // a source taking over a stream that had just ended starts it again
            install(restarted, false);
            for (BroadcastMirror m : mirrors) {
                m.broadcast().restartSource(restarted);
            }
            long now = clock.nanoTime();
            for (SourceTrack t : tracks) {
                if (t.video) {
                    feedback.requestKeyframe(t, now);
                }
            }
        });
    }

    /**
     * The source renegotiated on the same connection: the tracks it had keep their index and kind (a
     * track it stopped sending stays, silent), new tracks follow them. A track whose description is
     * unchanged keeps forwarding without a gap; one whose SSRC or codec changed restarts like
     * {@link #restartSource}. Viewers keep their streams; a new track reaches viewers added afterwards
     * (their description may name it) and those extended to it by {@link #addViewerTracks}. Any
     * thread; applied in call order.
     *
     * @throws IllegalArgumentException when a track disappears or changes kind, or there are too many
     */
    public void updateSource(SourceDescription updated) {
        requireTrackLimit(updated);
        SourceDescription current = description;
        if (updated.tracks().size() < current.tracks().size()) {
            throw new IllegalArgumentException("a renegotiating source keeps its tracks");
        }
        for (int i = 0; i < current.tracks().size(); i++) {
            if (updated.tracks().get(i).kind() != current.tracks().get(i).kind()) {
                throw new IllegalArgumentException("track " + i + " changed kind");
            }
        }
        // Published at once: a viewer offered a new track may be added before the task below runs.
        description = updated;
        executor.execute(() -> {
            SourceTrack[] before = tracks;
            install(updated, true);
            for (BroadcastMirror m : mirrors) {
                m.broadcast().updateSource(updated);
            }
            long now = clock.nanoTime();
            for (SourceTrack t : tracks) {
                if (t.video && (t.index >= before.length || before[t.index] != t)) {
                    feedback.requestKeyframe(t, now);
                }
            }
        });
    }

    public int viewerCount() {
        return publishedViewerCount;
    }

    /**
     * The broadcast a viewer whose transport runs on {@code viewerLoop} joins: this one when that is
     * its own executor, else this broadcast's mirror on that loop, made on first use (see the class
     * comment). Hand the mirror its viewer soon: one left without viewers goes after a grace period.
     * Any thread.
     *
     * @throws IllegalStateException when called on a mirror
     */
    public Broadcast mirrorOn(Executor viewerLoop) {
        if (viewerLoop == executor) {
            return this;
        }
        if (origin != null) {
            throw new IllegalStateException("a mirror has no mirrors of its own");
        }
        synchronized (mirrorsByExecutor) {
            BroadcastMirror m = mirrorsByExecutor.get(viewerLoop);
            if (m == null) {
                m = new BroadcastMirror(this, viewerLoop, clock, options);
                m.acquired(clock.nanoTime()); // not idle before it is in the map
                BroadcastMirror added = m;
                try {
                    executor.execute(() -> attach(added));
                } catch (RejectedExecutionException e) {
                    return m.broadcast(); // this broadcast's loop is gone: a mirror that never gets a packet
                }
                mirrorsByExecutor.put(viewerLoop, m);
            }
            m.acquired(clock.nanoTime());
            return m.broadcast();
        }
    }

    /** True for a mirror made by {@link #mirrorOn}. */
    public boolean isMirror() {
        return origin != null;
    }

    /** Viewers of this broadcast's mirrors (an approximate sum of volatile snapshots); any thread. */
    public int mirroredViewerCount() {
        int n = 0;
        synchronized (mirrorsByExecutor) {
            for (BroadcastMirror m : mirrorsByExecutor.values()) {
                n += m.broadcast().viewerCount();
            }
        }
        return n;
    }

    /**
     * Packets not handed to a mirror because its loop was {@code BroadcastMirror.MAX_SLOTS} packets behind
     * (as of the last {@link #tick()}); any thread.
     */
    public long mirrorLaneDrops() {
        return mirrorLaneDrops;
    }

    /** Mirrors this broadcast copies its packets to; any thread. */
    public int mirrorCount() {
        synchronized (mirrorsByExecutor) {
            return mirrorsByExecutor.size();
        }
    }

    private void attach(BroadcastMirror m) {
        SourceDescription current = description;
        if (m.broadcast().sourceDescription() != current) { // the source changed while the mirror was made
            m.broadcast().updateSource(current);
        }
        if (ended) {
            m.broadcast().end();
        }
        BroadcastMirror[] grown = Arrays.copyOf(mirrors, mirrors.length + 1);
        grown[mirrors.length] = m;
        mirrors = grown;
    }

    /** Drops the mirrors that have had no viewers for the grace period; broadcast thread. */
    private void dropIdleMirrors(long now) {
        for (BroadcastMirror m : mirrors) {
            if (!m.idle(now)) {
                continue;
            }
            synchronized (mirrorsByExecutor) {
                if (!m.idle(now)) {
                    continue; // handed out again meanwhile
                }
                mirrorsByExecutor.remove(m.executor());
            }
            BroadcastMirror[] kept = new BroadcastMirror[mirrors.length - 1];
            int k = 0;
            for (BroadcastMirror other : mirrors) {
                if (other != m) {
                    kept[k++] = other;
                }
            }
            mirrors = kept;
            droppedMirrorsDrops += m.dropped();
            m.broadcast().end();
        }
    }

    /** A mirror's viewer needs a keyframe on {@code track}; any thread, applied on this broadcast's. */
    void requestKeyframeForMirror(int track) {
        try {
            executor.execute(() -> {
                if (track >= 0 && track < tracks.length && tracks[track].video) {
                    feedback.requestKeyframe(tracks[track], clock.nanoTime());
                }
            });
        } catch (RejectedExecutionException e) {
            // the origin's loop is gone, and with it the stream
        }
    }

    /** Picture size and incoming bitrates; any thread (bitrates refreshed by {@link #tick()}). */
    public StreamInfo streamInfo() {
        String codec = null;
        for (TrackDescription t : description.tracks()) {
            if (t.kind() == MediaKind.VIDEO) {
                codec = t.codec();
                break;
            }
        }
        return new StreamInfo(width, height, videoBitrate, audioBitrate, codec);
    }

    private void attach(Viewer v) {
        if (viewerCount == viewers.length) {
            viewers = Arrays.copyOf(viewers, viewerCount * 2);
        }
        viewers[viewerCount++] = v;
        publishedViewerCount = viewerCount;
        long now = clock.nanoTime();
        for (SourceTrack t : tracks) {
            if (t.video && v.hasStream(t.index)) {
                feedback.requestKeyframe(t, now);
            }
        }
    }

    private void detach(Viewer v) {
        for (int i = 0; i < viewerCount; i++) {
            if (viewers[i] == v) {
                viewers[i] = viewers[--viewerCount];
                viewers[viewerCount] = null;
                publishedViewerCount = viewerCount;
                return;
            }
        }
    }

    private void attach(TapRunner tap) {
        tap.offerSource(description);
        if (ended) {
            tap.close();
            return;
        }
        TapRunner[] grown = Arrays.copyOf(taps, taps.length + 1);
        grown[taps.length] = tap;
        taps = grown;
    }

    private void detach(TapRunner tap) {
        for (int i = 0; i < taps.length; i++) {
            if (taps[i] == tap) {
                TapRunner[] shrunk = new TapRunner[taps.length - 1];
                System.arraycopy(taps, 0, shrunk, 0, i);
                System.arraycopy(taps, i + 1, shrunk, i, taps.length - i - 1);
                taps = shrunk;
                break;
            }
        }
        tap.close(); // also when already detached: close is idempotent
    }

    private void endTapsAndMirrors() {
        for (BroadcastMirror m : mirrors) {
            m.broadcast().end();
        }
        ended = true;
        TapRunner[] closing = taps;
        taps = NO_TAPS;
        for (TapRunner tap : closing) {
            tap.close();
        }
    }

    // ---------------------------------------------------------------- packet path (broadcast thread)

    /** One RTP packet from the source, already decrypted; {@code buf} is not retained. */
    public void onRtp(byte[] buf, int off, int len, long arrivalNanos) {
        SourceTrack track = route(buf, off, len);
        if (track == null) {
            return;
        }
        long now = clock.nanoTime();
        measureArrival(track, len, arrivalNanos, now);
        if (isPaddingOnly()) {
            return;
        }
        if (routedRtx && !unwrapRtx(track)) {
            return;
        }
        long sequence = track.statistics.onPacket(packet.sequenceNumber(), packet.timestamp(), arrivalNanos, routedRtx);
        track.packets++;
        detectLoss(track, sequence, now);
        track.cache.store(packet.sequenceNumber(), packet.buffer(), packet.offset(), packet.length(), now);
        boolean keyframe = detectKeyframe(track);
        forwardToViewers(track, keyframe, arrivalNanos, now);
        copyToMirrors(arrivalNanos);
        copyToTaps(track, arrivalNanos);
    }

    /** Parses the packet and finds its track by media or RTX SSRC and payload type; null drops it (counted). */
    private SourceTrack route(byte[] buf, int off, int len) {
        if (!packet.wrap(buf, off, len)) {
            malformedRtp++;
            return null;
        }
        if (len > MAX_PACKET) {
            oversize++;
            return null;
        }
        int ssrc = packet.ssrc();
        for (SourceTrack t : tracks) {
            TrackDescription d = t.description;
            boolean rtx = d.hasRtx() && d.rtxSsrc() == ssrc;
            if (d.ssrc() == ssrc || rtx) {
                if (packet.payloadType() != (rtx ? d.rtxPayloadType() : d.payloadType())) {
                    unknownPayloadType++;
                    return null;
                }
                routedRtx = rtx;
                return t;
            }
        }
        unknownSsrc++;
        return null;
    }

    /** Every packet counts for the bandwidth estimate (transport-cc) and the bitrate, probes too. */
    private void measureArrival(SourceTrack track, int len, long arrivalNanos, long now) {
        if (feedback.recordsTransportCc()) {
            feedback.recordTransportCc(packet, arrivalNanos, now);
        }
        track.bitrate.add(len, now);
    }

    /** Padding-only packets (bandwidth probes) are measured, never forwarded. */
    private boolean isPaddingOnly() {
        if (packet.payloadLength() <= (routedRtx ? Rtx.OSN_LENGTH - 1 : 0)) {
            paddingOnly++;
            return true;
        }
        return false;
    }

    /** A retransmission: restores the original packet (media SSRC, sequence number and payload type). */
    private boolean unwrapRtx(SourceTrack track) {
        TrackDescription d = track.description;
        int n = Rtx.unwrap(packet, rtxScratch, 0, d.ssrc(), d.payloadType());
        if (n < 0 || !packet.wrap(rtxScratch, 0, n)) {
            malformedRtp++;
            return false;
        }
        return true;
    }

    /** NACKs new holes in the source's sequence; a hole that cannot be repaired asks for a keyframe. */
    private void detectLoss(SourceTrack track, long sequence, long now) {
        if (!track.description.nack()) {
            return;
        }
        int missingBefore = track.losses.missingCount();
        if (!track.losses.onPacket(sequence, now) && track.video) {
            feedback.requestKeyframe(track, now);
        }
        if (track.losses.missingCount() > missingBefore) {
            feedback.sendNacks(track, now);
        }
    }

    /** Keyframes end pending keyframe requests and carry the picture size. */
    private boolean detectKeyframe(SourceTrack track) {
        if (!track.video
                || !track.codec.isKeyframe(packet.buffer(), packet.payloadOffset(), packet.payloadLength())) {
            return false;
        }
        track.keyframes.keyframeReceived();
        track.keyframesReceived++;
        if (track.codec.pictureSize(packet.buffer(), packet.payloadOffset(), packet.payloadLength(), sps, size)
                && (size[0] != width || size[1] != height)) {
            width = size[0];
            height = size[1];
        }
        return true;
    }

    private void forwardToViewers(SourceTrack track, boolean keyframe, long arrivalNanos, long now) {
        fanOutArrivalNanos = arrivalNanos;
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].forward(track, packet, keyframe, arrivalNanos, now, scratch, out);
        }
        fanOutArrivalNanos = 0;
    }

    /** After this loop's viewers: one copy per other loop that has viewers of this broadcast. */
    private void copyToMirrors(long arrivalNanos) {
        for (BroadcastMirror m : mirrors) {
            m.offerRtp(packet.buffer(), packet.offset(), packet.length(), arrivalNanos);
        }
    }

    /** After the viewers: a tap's copy never delays a viewer's packet. */
    private void copyToTaps(SourceTrack track, long arrivalNanos) {
        for (TapRunner tap : taps) {
            tap.offerRtp(track.index, packet, arrivalNanos);
        }
    }

    /** RTCP from the source, already decrypted: its SRs feed the RR, the viewers' lip-sync mapping and the taps. */
    public void onRtcp(byte[] buf, int off, int len) {
        if (!compound.wrap(buf, off, len)) {
            malformedRtcp++;
            return;
        }
        long now = clock.nanoTime();
        for (BroadcastMirror m : mirrors) {
            m.offerRtcp(buf, off, len);
        }
        while (compound.next()) {
            int p = compound.packetOffset();
            int n = compound.packetLength();
            if (compound.packetType() == Rtcp.PT_SR && SenderReport.isValid(buf, p, n)) {
                onSenderReport(SenderReport.ssrc(buf, p), SenderReport.ntpTimestamp(buf, p),
                        SenderReport.rtpTimestamp(buf, p), now);
            }
        }
    }

    private void onSenderReport(int ssrc, long ntp, int rtp, long now) {
        for (SourceTrack t : tracks) {
            if (t.description.ssrc() == ssrc) {
                t.statistics.onSenderReport(ntp, rtp, now);
                senderReportsReceived++;
                for (TapRunner tap : taps) {
                    tap.offerSenderReport(t.index, ntp, rtp, now);
                }
            }
        }
    }

    // ---------------------------------------------------------------- periodic work

    /** Periodic work; broadcast thread, every 20–50 ms. */
    public void tick() {
        long now = clock.nanoTime();
        long video = 0;
        long audio = 0;
        for (SourceTrack t : tracks) {
            if (t.video) {
                video += t.bitrate.bitsPerSecond(now);
            } else {
                audio += t.bitrate.bitsPerSecond(now);
            }
        }
        videoBitrate = video;
        audioBitrate = audio;
        boolean report = feedback.tick(tracks, now, video + audio, waitingViewers);
        long bestViewerEstimate = -1;
        for (int i = 0; i < viewerCount; i++) {
            viewers[i].tick(now, options.reportInterval(), viewerRtcp);
            bestViewerEstimate = Math.max(bestViewerEstimate, viewers[i].targetBitrate());
        }
        for (BroadcastMirror m : mirrors) {
            m.scheduleTick();
            bestViewerEstimate = Math.max(bestViewerEstimate, m.bitrateHint());
        }
        if (mirrors.length > 0) {
            dropIdleMirrors(now);
            long drops = droppedMirrorsDrops;
            for (BroadcastMirror m : mirrors) {
                drops += m.dropped();
            }
            mirrorLaneDrops = drops;
        }
        if (report && bestViewerEstimate >= 0) {
            source.bitrateHint(bestViewerEstimate);
        }
        for (TapRunner tap : taps) {
            takeKeyframeRequests(tap, now);
            tap.tick();
        }
    }

    private void takeKeyframeRequests(TapRunner tap, long now) {
        int wanted = tap.takeKeyframeRequests();
        for (int i = 0; wanted != 0 && i < tracks.length; i++, wanted >>>= 1) {
            if ((wanted & 1) != 0 && tracks[i].video) {
                feedback.requestKeyframe(tracks[i], now);
            }
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

    void requestKeyframe(SourceTrack track, long now) {
        feedback.requestKeyframe(track, now);
    }

    // ---------------------------------------------------------------- counters (broadcast thread)

    /**
     * The arrival time of the source packet being forwarded right now, 0 outside the fan-out (a
     * retransmission, a report): lets a probe wrapped around a viewer's sink measure the time a packet
     * spends in the server.
     */
    public long fanOutArrivalNanos() {
        return fanOutArrivalNanos;
    }

    public long malformedRtp() {
        return malformedRtp;
    }

    /** RTP packets whose SSRC is none of the source's media or RTX SSRCs. */
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

    /** Keyframe requests passed to the source (after throttling). */
    public long keyframeRequestsSent() {
        return feedback.keyframeRequestsSent();
    }

    public long nacksSent() {
        return feedback.nacksSent();
    }

    public long receiverReportsSent() {
        return feedback.receiverReportsSent();
    }

    public long rembsSent() {
        return feedback.rembsSent();
    }

    /** The last REMB value sent, bit/s (0 before the first). */
    public long lastRemb() {
        return feedback.lastRemb();
    }

    public long transportCcFeedbackSent() {
        return feedback.transportCcFeedbackSent();
    }
}
