package dev.osprey.media;

import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.rtp.Rtx;
import dev.osprey.webrtc.rtp.rtcp.Fir;
import dev.osprey.webrtc.rtp.rtcp.Nack;
import dev.osprey.webrtc.rtp.rtcp.Pli;
import dev.osprey.webrtc.rtp.rtcp.ReceiverReport;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.Remb;
import dev.osprey.webrtc.rtp.rtcp.Rtcp;
import dev.osprey.webrtc.rtp.rtcp.RtcpCompoundReader;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One viewer of a {@link Broadcast}: its outgoing streams (one per subscribed source track) with
 * their own SSRC, sequence and timestamp space, and its RTCP.
 *
 * <p>Its NACKs cannot make the server send more than the stream: a packet is retransmitted at most
 * once per round trip ({@link RecentRetransmissions}, paced by {@link RoundTripEstimate}), and all
 * retransmissions together stay within a {@link RetransmissionBudget} filled by what was forwarded.
 *
 * <p>Created by {@link Broadcast#addViewer}. {@link #onRtcp} must be called on the broadcast's
 * thread (the viewer's transport either runs on the same event loop or hands the packet over).
 * {@link #setTrackEnabled} and the figures ({@link #videoBitrate()} etc.) may be used from any thread.
 */
public final class Viewer {
    private static final long MAX_RETRANSMISSION_AGE_NANOS = 1_000_000_000L;

    private final String id;
    private final Broadcast broadcast;
    private final MediaSink sink;
    /** Indexed by source track; replaced whole (broadcast thread) when a renegotiation adds streams. */
    private volatile ViewerTrack[] streams;
    private final ViewerDescription description;
    private HeaderExtensionRewriter extensions;
    private final RtcpCompoundReader rtcp = new RtcpCompoundReader();
    private final ReportBlock reportBlock = new ReportBlock();
    private final RoundTripEstimate roundTrip = new RoundTripEstimate();
    private final RetransmissionBudget retransmissionBudget = new RetransmissionBudget();
    private long nextReportNanos;

    private volatile long targetBitrate = -1;
    private volatile long videoBitrate;
    private volatile long audioBitrate;
    private volatile int fractionLost;
    private long packetsSent;
    /** Every byte forwarded (retransmissions excluded): what fills the retransmission budget. */
    private long bytesForwarded;
    private long retransmissionsSent;
    private long retransmittedBytes;
    private long retransmissionMisses;
    private long retransmissionsRepeated;
    private long retransmissionsOverBudget;
    private long keyframeRequestsReceived;
    private long malformedRtcp;
    private long senderReportsSent;
    private long nacksReceived;
    private long plisReceived;
    private long firsReceived;

    Viewer(String id, Broadcast broadcast, ViewerDescription description, MediaSink sink,
               SourceDescription source) {
        this.id = id;
        this.broadcast = broadcast;
        this.sink = sink;
        this.description = description;
        this.extensions = new HeaderExtensionRewriter(source.headerExtensions(), description.headerExtensions());
        this.streams = new ViewerTrack[source.tracks().size()];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (ViewerTrackDescription t : description.tracks()) {
            if (t.track() >= streams.length || streams[t.track()] != null) {
                throw new IllegalArgumentException("bad or duplicate track index " + t.track());
            }
            TrackDescription track = source.tracks().get(t.track());
            streams[t.track()] = new ViewerTrack(t, track.kind(), track.clockRate(),
                    random.nextInt(0x10000), random.nextInt(0x10000));
        }
    }

    public String id() {
        return id;
    }

    /** Starts or stops forwarding source track {@code track} to this viewer; safe from any thread. */
    public void setTrackEnabled(int track, boolean enabled) {
        ViewerTrack[] s = streams;
        if (track >= 0 && track < s.length && s[track] != null) {
            s[track].enabled = enabled;
        }
    }

    /** The viewer's own bandwidth estimate from its REMB, bit/s, or -1 when it sent none. */
    public long targetBitrate() {
        return targetBitrate;
    }

    /** Video sent to this viewer over the last second, bit/s (updated by {@link Broadcast#tick()}). */
    public long videoBitrate() {
        return videoBitrate;
    }

    /** Audio sent to this viewer over the last second, bit/s (updated by {@link Broadcast#tick()}). */
    public long audioBitrate() {
        return audioBitrate;
    }

    /** Loss fraction (0..255 = 0..100%) of the viewer's last receiver report. */
    public int fractionLost() {
        return fractionLost;
    }

    /** The first outgoing sequence number of source track {@code track}'s stream (for tests and logs). */
    int nextSequence(int track) {
        return streams[track].sequences.nextSequence();
    }

    /** The RTX sequence number the next retransmission on track {@code track} will carry. */
    int nextRtxSequence(int track) {
        return streams[track].rtxSequence;
    }

    public long packetsSent() {
        return packetsSent;
    }

    public long retransmissionsSent() {
        return retransmissionsSent;
    }

    /** NACKed packets that could not be answered (too old, not cached, sent before a restart). */
    public long retransmissionMisses() {
        return retransmissionMisses;
    }

    /** Bytes sent as retransmissions (RTX headers included); broadcast thread. */
    public long retransmittedBytes() {
        return retransmittedBytes;
    }

    /** NACKed packets not resent because they had been within the last round trip; broadcast thread. */
    public long retransmissionsRepeated() {
        return retransmissionsRepeated;
    }

    /** NACKed packets not resent because the viewer's retransmission budget was spent; broadcast thread. */
    public long retransmissionsOverBudget() {
        return retransmissionsOverBudget;
    }

    /** The round trip to the viewer that paces retransmissions, ns (a default until its reports tell). */
    long roundTripNanos() {
        return roundTrip.nanos();
    }

    public long keyframeRequestsReceived() {
        return keyframeRequestsReceived;
    }

    public long malformedRtcp() {
        return malformedRtcp;
    }

    public long senderReportsSent() {
        return senderReportsSent;
    }

    /** RTP packets sent of {@code kind} (retransmissions excluded); broadcast thread. */
    public long packetsSent(MediaKind kind) {
        long n = 0;
        for (ViewerTrack s : streams) {
            if (s != null && s.video == (kind == MediaKind.VIDEO)) {
                n += s.packetsSent;
            }
        }
        return n;
    }

    /** RTP payload octets sent of {@code kind} (retransmissions excluded); broadcast thread. */
    public long payloadOctetsSent(MediaKind kind) {
        long n = 0;
        for (ViewerTrack s : streams) {
            if (s != null && s.video == (kind == MediaKind.VIDEO)) {
                n += s.payloadOctetsSent;
            }
        }
        return n;
    }

    /** Generic NACK packets received from the viewer; broadcast thread. */
    public long nacksReceived() {
        return nacksReceived;
    }

    /** PLI packets received from the viewer; broadcast thread. */
    public long plisReceived() {
        return plisReceived;
    }

    /** FIR packets received from the viewer; broadcast thread. */
    public long firsReceived() {
        return firsReceived;
    }

    /** The source restarted, possibly with other extension ids; broadcast thread. */
    void sourceChanged(SourceDescription source) {
        extensions = new HeaderExtensionRewriter(source.headerExtensions(), description.headerExtensions());
    }

    /**
     * Adds streams for source tracks this viewer was offered in a renegotiation; the streams it has
     * flow on untouched. Broadcast thread; the caller checked the indexes against {@code source}.
     */
    void addStreams(List<ViewerTrackDescription> added, SourceDescription source) {
        ViewerTrack[] grown = Arrays.copyOf(streams, Math.max(streams.length, source.tracks().size()));
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (ViewerTrackDescription t : added) {
            TrackDescription track = source.tracks().get(t.track());
            grown[t.track()] = new ViewerTrack(t, track.kind(), track.clockRate(),
                    random.nextInt(0x10000), random.nextInt(0x10000));
        }
        streams = grown;
    }

    boolean hasStream(int track) {
        return track < streams.length && streams[track] != null;
    }

    boolean waitingForKeyframe(int track) {
        if (track >= streams.length) {
            return false;
        }
        ViewerTrack s = streams[track];
        return s != null && s.needKeyframe && s.enabled;
    }

    /** Forwards one source packet, viewed by {@code in}, through {@code scratch}. */
    void forward(SourceTrack track, RtpPacket in, boolean keyframe, long arrivalNanos, long nowNanos,
                 byte[] scratch, RtpPacket out) {
        // A track the source added after this viewer was offered the stream is not this viewer's.
        ViewerTrack s = track.index < streams.length ? streams[track.index] : null;
        if (s == null) {
            return;
        }
        int ssrc = in.ssrc();
        int seq = in.sequenceNumber();
        if (s.sequences.isNewSegment(ssrc, seq)) {
            s.timestamps.startSegment();
            s.forwarding = false;
            if (s.video) {
                if (s.started) {
                    broadcast.requestKeyframe(track, nowNanos);
                }
                s.needKeyframe = true;
            }
            s.started = true;
        }
        if (!s.enabled) {
            // a paused video stream misses frames: it resumes at a keyframe, asked for on resume
            s.needKeyframe = s.video;
            s.resumeRequest = s.video;
            s.sequences.drop(ssrc, seq);
            s.dropped++;
            return;
        }
        if (s.needKeyframe && !keyframe) {
            if (s.resumeRequest) {
                s.resumeRequest = false;
                broadcast.requestKeyframe(track, nowNanos);
            }
            s.sequences.drop(ssrc, seq);
            s.dropped++;
            return;
        }
        int outSeq = s.sequences.forward(ssrc, seq);
        if (outSeq < 0) {
            s.dropped++;
            return;
        }
        s.needKeyframe = false;
        s.forwarding = true;
        s.forwardedSource = ssrc;
        int outTs = s.timestamps.rewrite(in.timestamp(), arrivalNanos);
        int len = in.length();
        System.arraycopy(in.buffer(), in.offset(), scratch, 0, len);
        out.wrap(scratch, 0, len);
        rewriteHeader(s, out, outSeq, outTs, nowNanos);
        sink.sendRtp(scratch, 0, len);
        s.packetsSent++;
        s.payloadOctetsSent += in.payloadLength();
        s.bitrate.add(len, nowNanos);
        packetsSent++;
        bytesForwarded += len;
    }

    /**
     * The one header rewrite of forwarded and retransmitted packets: the viewer's SSRC, sequence number,
     * timestamp and payload type, and its header extension ids (with this transport's transport-wide
     * sequence number and send time).
     */
    private void rewriteHeader(ViewerTrack s, RtpPacket out, int outSeq, int outTs, long nowNanos) {
        ViewerTrackDescription d = s.description;
        out.setSsrc(d.ssrc());
        out.setSequenceNumber(outSeq);
        out.setTimestamp(outTs);
        out.setPayloadType(d.payloadType());
        extensions.rewrite(out, extensions.stampsTransportSequence() ? sink.nextTransportSequenceNumber() : 0, nowNanos);
    }

    /** RTCP from the viewer (already decrypted): NACK, PLI, FIR, RR and REMB are acted on. */
    public void onRtcp(byte[] buf, int off, int len) {
        if (!rtcp.wrap(buf, off, len)) {
            malformedRtcp++;
            return;
        }
        long now = broadcast.now();
        while (rtcp.next()) {
            int p = rtcp.packetOffset();
            int n = rtcp.packetLength();
            switch (rtcp.packetType()) {
                case Rtcp.PT_RTPFB -> {
                    if (Nack.isValid(buf, p, n)) {
                        nacksReceived++;
                        onNack(buf, p, n, now);
                    }
                }
                case Rtcp.PT_PSFB -> onPayloadFeedback(buf, p, n, now);
                case Rtcp.PT_RR -> {
                    if (ReceiverReport.isValid(buf, p, n)) {
                        onReportBlocks(buf, ReceiverReport.reportCount(buf, p), ReceiverReport.reportBlockOffset(p, 0),
                                now);
                    }
                }
                case Rtcp.PT_SR -> {
                    if (SenderReport.isValid(buf, p, n)) {
                        onReportBlocks(buf, SenderReport.reportCount(buf, p), SenderReport.reportBlockOffset(p, 0),
                                now);
                    }
                }
                default -> {
                }
            }
        }
    }

    private void onPayloadFeedback(byte[] buf, int p, int n, long now) {
        if (Pli.isValid(buf, p, n)) {
            plisReceived++;
            requestKeyframeFor(Pli.mediaSsrc(buf, p), now);
        } else if (Fir.isValid(buf, p, n)) {
            firsReceived++;
            for (int i = 0, c = Fir.entryCount(n); i < c; i++) {
                requestKeyframeFor(Fir.entrySsrc(buf, p, i), now);
            }
        } else if (Remb.isValid(buf, p, n)) {
            targetBitrate = Remb.bitrate(buf, p);
        }
    }

    private void onReportBlocks(byte[] buf, int count, int first, long now) {
        for (int i = 0; i < count; i++) {
            reportBlock.read(buf, first + i * ReportBlock.LENGTH);
            int index = streamIndexBySsrc(reportBlock.ssrc);
            if (index >= 0) {
                fractionLost = reportBlock.fractionLost;
                measureRoundTrip(streams[index], now);
            }
        }
    }

    /** RFC 3550 §6.4.1: the block echoes our last SR's time and says how long the viewer held it. */
    private void measureRoundTrip(ViewerTrack s, long now) {
        if (reportBlock.lastSenderReport == 0 || reportBlock.lastSenderReport != s.lastSenderReportNtp) {
            return;
        }
        long held = (reportBlock.delaySinceLastSenderReport & 0xFFFF_FFFFL) * 1_000_000_000L >>> 16;
        roundTrip.sample(now - s.lastSenderReportNanos - held);
    }

    private void requestKeyframeFor(int mediaSsrc, long now) {
        int i = streamIndexBySsrc(mediaSsrc);
        if (i >= 0 && streams[i].video) {
            keyframeRequestsReceived++;
            broadcast.requestKeyframe(broadcast.track(i), now);
        }
    }

    private int streamIndexBySsrc(int ssrc) {
        for (int i = 0; i < streams.length; i++) {
            if (streams[i] != null && streams[i].description.ssrc() == ssrc) {
                return i;
            }
        }
        return -1;
    }

    private void onNack(byte[] buf, int p, int n, long now) {
        int i = streamIndexBySsrc(Nack.mediaSsrc(buf, p));
        if (i < 0) {
            return;
        }
        ViewerTrack s = streams[i];
        SourceTrack track = broadcast.track(i);
        if (s.recentRetransmissions == null || s.recentRetransmissions.slots() != track.cache.size()) {
            s.recentRetransmissions = new RecentRetransmissions(track.cache.size());
        }
        retransmissionBudget.refill(bytesForwarded);
        int[] lost = broadcast.nackedSequences();
        int count = Nack.lostSequenceNumbers(buf, p, n, lost, 0);
        for (int k = 0; k < count; k++) {
            retransmit(s, track, lost[k], now);
        }
    }

    private void retransmit(ViewerTrack s, SourceTrack track, int outSeq, long now) {
        int inSeq = s.sequences.inputFor(outSeq);
        int slot = inSeq < 0 ? -1 : track.cache.find(inSeq, now - MAX_RETRANSMISSION_AGE_NANOS);
        if (slot < 0) {
            retransmissionMisses++;
            return;
        }
        if (s.recentRetransmissions.sentWithin(slot, inSeq, now, roundTrip.nanos())) {
            retransmissionsRepeated++;
            return;
        }
        byte[] scratch = broadcast.scratch();
        RtpPacket out = broadcast.outView();
        int len = track.cache.length(slot);
        System.arraycopy(track.cache.data(slot), 0, scratch, 0, len);
        if (!out.wrap(scratch, 0, len) || out.ssrc() != s.forwardedSource) {
            retransmissionMisses++;
            return;
        }
        ViewerTrackDescription d = s.description;
        int sentLength = d.hasRtx() ? len + Rtx.OSN_LENGTH : len;
        if (!retransmissionBudget.take(sentLength)) {
            retransmissionsOverBudget++;
            return;
        }
        rewriteHeader(s, out, outSeq, out.timestamp() + s.timestamps.offset(), now);
        if (d.hasRtx()) {
            len = Rtx.wrap(out, scratch, 0, d.rtxSsrc(), s.rtxSequence, d.rtxPayloadType());
            s.rtxSequence = (s.rtxSequence + 1) & 0xFFFF;
        }
        sink.sendRtp(scratch, 0, len);
        s.recentRetransmissions.sent(slot, inSeq, now);
        s.retransmissionsSent++;
        retransmissionsSent++;
        retransmittedBytes += len;
    }

    /** Periodic work on the broadcast thread: sender reports and published figures. */
    void tick(long now, long reportInterval, byte[] rtcpBuf) {
        long video = 0;
        long audio = 0;
        for (ViewerTrack s : streams) {
            if (s != null) {
                long bps = s.bitrate.bitsPerSecond(now);
                if (s.video) {
                    video += bps;
                } else {
                    audio += bps;
                }
            }
        }
        videoBitrate = video;
        audioBitrate = audio;
        if (now - nextReportNanos < 0) {
            return;
        }
        nextReportNanos = now + reportInterval;
        int len = 0;
        for (int i = 0; i < streams.length; i++) {
            ViewerTrack s = streams[i];
            SourceTrack track = broadcast.track(i);
            if (s == null || !s.forwarding || !track.statistics.hasSenderReport()
                    || track.description.ssrc() != s.forwardedSource) {
                continue;
            }
            len += writeSenderReport(s, track, now, rtcpBuf, len);
        }
        if (len > 0) {
            sink.sendRtcp(rtcpBuf, 0, len);
            senderReportsSent++;
        }
    }

    /**
     * The publisher's last SR maps its NTP clock to its RTP clock; moving that mapping forward to now
     * and through this stream's timestamp offset keeps audio and video of the same publisher on one
     * NTP timeline, so the player can lip-sync whatever the rewriting did.
     */
    private int writeSenderReport(ViewerTrack s, SourceTrack track, long now, byte[] dst, int off) {
        ReceiveStatistics st = track.statistics;
        long elapsed = Math.max(0, now - st.senderReportArrival());
        long ntp = st.senderReportNtp() + Ntp.fromNanos(elapsed);
        int rtp = st.senderReportRtp() + s.timestamps.offset()
                + (int) (elapsed * track.description.clockRate() / 1_000_000_000L);
        int n = SenderReport.write(dst, off, s.description.ssrc(), ntp, rtp, (int) s.packetsSent,
                (int) s.payloadOctetsSent, null, 0);
        if (n > 0) {
            s.lastSenderReportNtp = (int) (ntp >>> 16);
            s.lastSenderReportNanos = now;
        }
        return Math.max(n, 0);
    }
}
