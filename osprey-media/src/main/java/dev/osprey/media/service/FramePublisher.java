package dev.osprey.media.service;

import dev.osprey.media.MediaKind;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.frame.FramePacketizer;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.webrtc.rtp.rtcp.ReportBlock;
import dev.osprey.webrtc.rtp.rtcp.SenderReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A publisher that has frames instead of a peer connection (RTMP or SRT ingest, a transcoder): each
 * frame is handed to the broadcast's media loop, packetized there into the track's RTP, and fed to the
 * broadcast like a WebRTC publisher's packets. It writes the sender reports a WebRTC publisher would
 * send, once a second per track, from the frames' shared media timeline, so that viewers can play the
 * tracks in sync. Keyframe requests cannot reach an encoder and are dropped.
 *
 * <p>{@link #frame} may be called from any thread; the rest runs on the media loop.
 */
public final class FramePublisher implements MediaSession {
    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    private static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;
    private static final ReportBlock[] NO_BLOCKS = new ReportBlock[0];

    private final MediaLoop loop;
    private final PublisherSession session;
    private final TrackDescription[] tracks;
    private final FramePacketizer[] packetizers;
    /** Random per track, as RFC 3550 asks of an RTP timestamp's origin. */
    private final int[] timestampOffsets;
    private final FramePacketizer.PacketSink toSession;

    // Media loop only.
    private final long[] lastReportNanos;
    private final int[] packetCounts;
    private final int[] octetCounts;
    private final byte[] report = new byte[SenderReport.MIN_LENGTH];
    private boolean anchored;
    /** Wall clock (NTP) and media time (µs) of the first frame: the one mapping every track's reports share. */
    private long anchorNtp;
    private long anchorMediaMicros;

    FramePublisher(MediaLoop loop, PublisherSession session, SourceDescription description) {
        this.loop = loop;
        this.session = session;
        int n = description.tracks().size();
        this.tracks = description.tracks().toArray(new TrackDescription[0]);
        this.packetizers = new FramePacketizer[n];
        this.timestampOffsets = new int[n];
        for (int i = 0; i < n; i++) {
            packetizers[i] = new FramePacketizer(tracks[i]);
            timestampOffsets[i] = ThreadLocalRandom.current().nextInt();
        }
        this.lastReportNanos = new long[n];
        this.packetCounts = new int[n];
        this.octetCounts = new int[n];
        this.toSession = this::packet;
    }

    /** The broadcast's tracks for {@code tracks}: fresh SSRCs, no RTX from the source, no NACKs to it. */
    static SourceDescription describe(List<PublishedTrack> tracks) {
        List<TrackDescription> described = new ArrayList<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (PublishedTrack t : tracks) {
            MediaKind kind = "video".equals(t.kind()) ? MediaKind.VIDEO : MediaKind.AUDIO;
            int ssrc;
            do {
                ssrc = random.nextInt();
            } while (ssrc == 0 || usedSsrc(described, ssrc));
            described.add(new TrackDescription(kind, t.codec().name(), t.codec().payloadType(), t.codec().clockRate(),
                    ssrc, 0, -1, false, false));
        }
        return new SourceDescription(described, Map.of(), false, false);
    }

    private static boolean usedSsrc(List<TrackDescription> tracks, int ssrc) {
        return tracks.stream().anyMatch(t -> t.ssrc() == ssrc);
    }

    /**
     * One frame of track {@code track} (its index in the list given to {@link MediaService#publishFrames}):
     * H.264 in Annex B form (parameter sets in front of each keyframe), Opus, VP8... as the track's
     * packetizer takes it. {@code timestamp} is in the track's clock rate on a timeline shared by every
     * track of this publisher (so 1 s of audio at 48 kHz and of video at 90 kHz advance it alike). The
     * array becomes the publisher's: the caller must not change it afterwards. Any thread; never blocks.
     */
    public void frame(int track, byte[] data, int off, int len, boolean keyframe, long timestamp) {
        if (track < 0 || track >= tracks.length) {
            throw new IllegalArgumentException("no track " + track);
        }
        loop.queueOnLoop(() -> onFrame(track, data, off, len, keyframe, timestamp));
    }

    private void onFrame(int track, byte[] data, int off, int len, boolean keyframe, long timestamp) {
        if (session.ended()) {
            return;
        }
        TrackDescription t = tracks[track];
        int rtpTimestamp = (int) timestamp + timestampOffsets[track];
        packetCounts[track] += packetizers[track].packetize(data, off, len, keyframe, rtpTimestamp, toSession);
        octetCounts[track] += len;
        long now = System.nanoTime();
        if (now - lastReportNanos[track] >= REPORT_INTERVAL_NANOS) {
            lastReportNanos[track] = now;
            sendReport(track, timestamp * 1_000_000L / t.clockRate(), rtpTimestamp);
        }
    }

    private void packet(byte[] buf, int off, int len) {
        session.onRtp(buf, off, len);
    }

    /** A sender report for the frame just sent: its media time on the shared wall-clock mapping. */
    private void sendReport(int track, long mediaMicros, int rtpTimestamp) {
        if (!anchored) {
            anchored = true;
            long nowMicros = System.currentTimeMillis() * 1_000L;
            anchorNtp = ntpOfUnixMicros(nowMicros);
            anchorMediaMicros = mediaMicros;
        }
        long ntp = anchorNtp + ntpDuration(mediaMicros - anchorMediaMicros);
        int len = SenderReport.write(report, 0, tracks[track].ssrc(), ntp, rtpTimestamp, packetCounts[track],
                octetCounts[track], NO_BLOCKS, 0);
        session.onRtcp(report, 0, len);
    }

    private static long ntpOfUnixMicros(long micros) {
        long seconds = micros / 1_000_000L + NTP_UNIX_OFFSET_SECONDS;
        return (seconds << 32) + ((micros % 1_000_000L) << 32) / 1_000_000L;
    }

    /** A signed duration in µs as an NTP difference (negative for a frame older than the anchor). */
    private static long ntpDuration(long micros) {
        long seconds = Math.floorDiv(micros, 1_000_000L);
        long rest = Math.floorMod(micros, 1_000_000L);
        return (seconds << 32) + (rest << 32) / 1_000_000L;
    }

    // ---- MediaSession (any thread)

    @Override
    public String streamId() {
        return session.streamId();
    }

    /** A frame source has no SDP: ignored. */
    @Override
    public void remoteDescription(String type, String sdp) {
    }

    @Override
    public void remoteCandidate(Integer label, String mid, String candidate) {
    }

    /** True while frames arrive (within the last 2 s). */
    @Override
    public boolean receivingMedia() {
        return session.receivingMedia();
    }

    @Override
    public void close() {
        session.close();
    }

    @Override
    public void closeForTakeover() {
        session.closeForTakeover();
    }
}
