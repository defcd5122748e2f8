package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaSink;
import dev.osprey.media.MediaSource;
import dev.osprey.media.RtcpKeyframeRequest;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.TrackDescription;
import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.media.service.negotiation.PublishNegotiation;
import dev.osprey.media.service.negotiation.PublishRenegotiation;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.media.service.room.RoomParticipant;
import dev.osprey.webrtc.rtp.RtpPacket;
import dev.osprey.webrtc.sctp.CloseCause;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * A publisher: its transport feeds a {@link Broadcast}, whose feedback goes back over the same
 * transport. A publisher that reconnects with the id of a stream whose media stopped takes over that
 * stream's broadcast, feedback route and viewers ({@link #handOver}), so the viewers play on. When a data channel section was negotiated, its messages go to every viewer, and
 * viewers' messages come back through {@link #sendData}. A data-only publisher (no track) is live
 * once its first channel opens. Everything but the {@link MediaSession} methods runs on the session's media
 * loop; viewers on other loops are called through theirs (see {@link MediaService}).
 */
final class PublisherSession implements MediaSession, PeerTransportListener, MediaSource, RoomParticipant,
        DataChannelSession.Events {
    private static final Logger LOG = LoggerFactory.getLogger(PublisherSession.class);
    /** A publisher that sent nothing for this long no longer counts as receiving (stream take-over). */
    private static final long RECEIVING_WINDOW_NANOS = 2_000_000_000L;

    private final MediaService service;
    /** The loop this session, its broadcast and its own viewers live on. */
    private final MediaLoop loop;
    /** How room viewers on each loop see this participant (index = loop), made once so they compare by identity. */
    private final RoomParticipant[] seenFrom;
    private final String streamId;
    private final SessionListener listener;
    private final LocalTransport local;
    private final String sessionId;
    /** Guards renegotiation: re-offers arrive on signalling threads and are answered one at a time. */
    private final Object negotiationLock = new Object();
    /** What is negotiated now; replaced whole by each accepted re-offer. */
    private volatile PublishRenegotiation.State state;
    /** Decided by the first offer: a data-only publisher that later adds tracks keeps its data-only timeouts. */
    private final boolean dataOnly;
    private volatile int[] ssrcs;
    private final long createdNanos = System.nanoTime();
    private final boolean dataChannel;
    private final long remoteMaxMessageSize;
    private DataChannelSession data;
    private final RtpPacket view = new RtpPacket();
    private final RtcpKeyframeRequest keyframeRequest;
    private final byte[] keyframeRequestOut = new byte[64 + MediaSink.TRAILER_ROOM];
    private PeerTransport transport;
    private Broadcast broadcast;
    private PublisherRoute route;
    /** Loop-confined; the viewers of this stream. */
    private final List<ViewerSession> viewers = new ArrayList<>();
    private volatile boolean live;
    private volatile long lastRtpNanos;
    /** Written on the loop; read by viewers on other loops. */
    private volatile boolean ended;
    /** Closed by {@link #closeForTakeover()}: the viewers wait, until the start timeout, for a successor. */
    private volatile boolean awaitingSuccessor;
    private long awaitingSinceNanos;

    PublisherSession(MediaService service, MediaLoop loop, String streamId, SessionListener listener,
                     PublishNegotiation.Result negotiated, LocalTransport local, String sessionId) {
        this(service, loop, streamId, listener, new PublishRenegotiation.State(negotiated.answer().remote(),
                negotiated.description(), negotiated.tracks(), negotiated.dataChannel()),
                negotiated.remoteMaxMessageSize(), local, sessionId);
    }

    /**
     * A source without a peer connection ({@link FramePublisher}): its packets come through
     * {@link #onRtp} from the loop, and feedback for it is dropped.
     */
    PublisherSession(MediaService service, MediaLoop loop, String streamId, SessionListener listener,
                     SourceDescription description, List<PublishedTrack> tracks, String sessionId) {
        this(service, loop, streamId, listener, new PublishRenegotiation.State(null, description, tracks, false),
                0, null, sessionId);
    }

    private PublisherSession(MediaService service, MediaLoop loop, String streamId, SessionListener listener,
                             PublishRenegotiation.State state, long remoteMaxMessageSize, LocalTransport local,
                             String sessionId) {
        this.service = service;
        this.loop = loop;
        this.seenFrom = new RoomParticipant[service.loopCount()];
        this.streamId = streamId;
        this.listener = listener;
        this.local = local;
        this.sessionId = sessionId;
        this.state = state;
        this.dataOnly = state.tracks().isEmpty();
        this.dataChannel = state.dataChannel();
        this.remoteMaxMessageSize = remoteMaxMessageSize;
        this.ssrcs = ssrcsOf(state.description());
        this.keyframeRequest = new RtcpKeyframeRequest(service.config().broadcast().localSsrc());
    }

    private static int[] ssrcsOf(SourceDescription d) {
        int[] ssrcs = new int[d.tracks().size() * 2];
        for (int i = 0; i < d.tracks().size(); i++) {
            TrackDescription t = d.tracks().get(i);
            ssrcs[2 * i] = t.ssrc();
            ssrcs[2 * i + 1] = t.hasRtx() ? t.rtxSsrc() : t.ssrc();
        }
        return ssrcs;
    }

    /**
     * Called once, before the transport exists: the broadcast this session feeds (its own, or the one it
     * takes over) and the route its feedback takes, which {@link #handOver} points at this session.
     */
    void attach(Broadcast broadcast, PublisherRoute route) {
        this.broadcast = broadcast;
        this.route = route;
    }

    PublisherRoute route() {
        return route;
    }

    MediaLoop loop() {
        return loop;
    }

    /**
     * This participant as a room viewer on {@code viewerLoop} sees it: itself on its own loop; elsewhere a
     * view whose broadcast is the mirror on that loop, and whose messages are handed to this loop.
     */
    RoomParticipant seenFrom(MediaLoop viewerLoop) {
        if (viewerLoop == loop) {
            return this;
        }
        synchronized (seenFrom) {
            RoomParticipant view = seenFrom[viewerLoop.index];
            if (view == null) {
                view = new RemoteParticipant(viewerLoop);
                seenFrom[viewerLoop.index] = view;
            }
            return view;
        }
    }

    /** {@link #seenFrom} another loop. */
    private final class RemoteParticipant implements RoomParticipant {
        private final MediaLoop viewerLoop;

        RemoteParticipant(MediaLoop viewerLoop) {
            this.viewerLoop = viewerLoop;
        }

        @Override
        public List<PublishedTrack> tracks() {
            return PublisherSession.this.tracks();
        }

        @Override
        public Broadcast broadcast() {
            return broadcast.mirrorOn(viewerLoop.eventLoop);
        }

        @Override
        public boolean ended() {
            return ended;
        }

        /** Handed to the participant's loop: queued, so counted as sent. */
        @Override
        public boolean sendData(byte[] payload, boolean binary) {
            loop.queueOnLoop(() -> PublisherSession.this.sendData(payload, binary));
            return true;
        }
    }

    /** Called once, right after the transport was created. */
    void attach(PeerTransport transport) {
        this.transport = transport;
        if (dataChannel) {
            data = service.newDataChannelSession(loop, transport, streamId, false, remoteMaxMessageSize, this);
        }
    }

    /** True for a publisher of data channel messages only. */
    boolean dataOnly() {
        return dataOnly;
    }

    @Override
    public Broadcast broadcast() {
        return broadcast;
    }

    /** Every track in broadcast order, those a renegotiation made inactive too (see {@link PublishedTrack#active()}). */
    @Override
    public List<PublishedTrack> tracks() {
        return state.tracks();
    }

    /** True once media arrived (the stream is live) and until the session ends. */
    boolean live() {
        return live;
    }

    @Override
    public String streamId() {
        return streamId;
    }

    /**
     * A re-offer on the running connection (see {@link PublishRenegotiation}): answered, the broadcast
     * takes the new track list at once, and every viewer is re-offered (see {@link ViewerSession}); a
     * refused one leaves everything as it was and is reported through
     * {@link SessionListener#renegotiationFailed}. Any thread.
     */
    @Override
    public void remoteDescription(String type, String sdp) {
        if (!"offer".equals(type) || transport == null) {
            LOG.debug("{}: ignoring a {} from the publisher", streamId, type);
            return;
        }
        synchronized (negotiationLock) {
            PublishRenegotiation.Result result;
            try {
                result = PublishRenegotiation.renegotiate(state, sdp, local, sessionId);
            } catch (MediaException e) {
                LOG.debug("{}: {}", streamId, e.getMessage());
                listener.renegotiationFailed(e.getMessage());
                return;
            }
            state = result.state();
            ssrcs = ssrcsOf(result.state().description());
            transport.expectSsrcs(result.state().remote().ssrcs()); // new tracks' SRTP receive state
            broadcast.updateSource(result.state().description());
            loop.onLoop(this::tracksChanged); // queued behind the broadcast's update on the same loop
            LOG.debug("{}: publisher renegotiated, tracks now {}", streamId, result.state().tracks());
            // Sent under the lock so that answers leave in the order of their offers.
            listener.localDescription("answer", result.answerSdp(), null);
        }
    }

    @Override
    public void remoteCandidate(Integer label, String mid, String candidate) {
        // ICE-lite: the peer's connectivity checks tell us its address; candidates are not needed.
    }

    @Override
    public boolean receivingMedia() {
        if (dataOnly()) {
            return live; // ICE consent ends the transport, and so the session, when the peer is gone
        }
        return live && System.nanoTime() - lastRtpNanos < RECEIVING_WINDOW_NANOS;
    }

    @Override
    public void close() {
        loop.onLoop(() -> end(null));
    }

    /**
     * Releases the connection but keeps the viewers for a publisher of the same id that follows within
     * the start timeout (see {@link MediaService#publish}); without one they end as after {@link #close()}.
     */
    @Override
    public void closeForTakeover() {
        loop.onLoop(this::awaitSuccessor);
    }

    private void awaitSuccessor() {
        if (ended || awaitingSuccessor) {
            return;
        }
        awaitingSuccessor = true;
        awaitingSinceNanos = System.nanoTime();
        live = false;
        if (data != null) {
            data.close();
        }
        if (transport != null) {
            transport.close();
        }
        LOG.debug("{}: publisher closed, its viewers wait for a reconnecting publisher", streamId);
    }

    /**
     * True when a new publisher of this id, negotiated with {@code tracks}, may continue this stream: this
     * one stopped sending media (or was closed for a take-over) and the viewers' offer fits the new tracks.
     * Any thread.
     */
    boolean mayHandOver(List<PublishedTrack> tracks) {
        boolean stopped = awaitingSuccessor || (live && !dataOnly && !receivingMedia());
        return stopped && StreamTakeover.compatible(state.tracks(), tracks);
    }

    /**
     * The successor (already attached to this session's broadcast) takes over: the broadcast restarts with
     * its {@code description}, feedback goes to its transport, and the viewers become its own. This session
     * ends ({@link EndReason#REPLACED} unless its caller closed it). When it had ended meanwhile (and its
     * viewers with it), the successor just starts the stream afresh. Media loop.
     */
    void handOver(PublisherSession successor, SourceDescription description) {
        route.target(successor);
        broadcast.restartSource(description);
        if (ended) {
            return;
        }
        boolean closedByCaller = release();
        for (ViewerSession viewer : viewers) {
            viewer.publisherReplaced(successor);
            successor.addViewer(viewer);
        }
        LOG.info("{}: a reconnected publisher continues the stream for {} viewer(s)", streamId, viewers.size());
        viewers.clear();
        successor.listener.streamRestored();
        if (!closedByCaller) {
            listener.ended(EndReason.REPLACED);
        }
    }

    // ---- transport events (media loop)

    @Override
    public void onConnected(SrtpProfile profile) {
        LOG.debug("{}: publisher connected ({})", streamId, profile);
        if (data != null && !ended) {
            data.start();
        }
    }

    @Override
    public void onRtp(byte[] buf, int off, int len) {
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        if (!live) {
            if (!view.wrap(buf, off, len) || !knownSsrc(view.ssrc())) {
                loop.countDroppedRtp();
                return;
            }
            live = true;
            lastRtpNanos = now;
            service.publisherLive(this);
            listener.started();
        }
        lastRtpNanos = now;
        long before = broadcast.malformedRtp() + broadcast.unknownSsrc() + broadcast.unknownPayloadType();
        broadcast.onRtp(buf, off, len, now);
        if (broadcast.malformedRtp() + broadcast.unknownSsrc() + broadcast.unknownPayloadType() != before) {
            loop.countDroppedRtp();
        }
    }

    /** RTP from an SSRC the SRTP layer gave no state (never announced): dropped like an unknown SSRC. */
    @Override
    public void onUnknownStream(boolean rtcp) {
        if (!rtcp) {
            loop.countDroppedRtp();
        }
    }

    private boolean knownSsrc(int ssrc) {
        for (int s : ssrcs) {
            if (s == ssrc) {
                return true;
            }
        }
        return false;
    }

    // ---- MediaSource (media loop, called by the broadcast)

    /** A PLI, plus a FIR where the track negotiated it. */
    @Override
    public void requestKeyframe(int track) {
        List<TrackDescription> tracks = state.description().tracks();
        if (track < tracks.size()) {
            sendRtcp(keyframeRequestOut, 0, keyframeRequest.write(track, tracks.get(track), keyframeRequestOut, 0));
        }
    }

    /** The broadcast's feedback (NACK, RR, REMB, transport-cc), encrypted in place and sent. */
    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        if (!ended && !awaitingSuccessor && transport != null) {
            transport.sendRtcp(buf, off, len);
        }
    }

    /** A browser sets its own rate from our transport-cc feedback or REMB; the viewers' estimates are not used. */
    @Override
    public void bitrateHint(long bitsPerSecond) {
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        if (!ended) {
            broadcast.onRtcp(buf, off, len);
        }
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        if (data != null && !ended) {
            data.onPacket(buf, off, len);
        }
    }

    @Override
    public void onClosed(CloseReason reason) {
        if (awaitingSuccessor) {
            return; // closed for a take-over: the viewers wait for the successor
        }
        LOG.debug("{}: publisher transport closed ({})", streamId, reason);
        end(EndReason.TRANSPORT_CLOSED);
    }

    // ---- lifecycle (media loop)

    /** Periodic checks: media must start, and keep coming, within the start timeout. */
    void checkTimeout(long now, long timeoutNanos) {
        if (awaitingSuccessor) {
            if (now - awaitingSinceNanos > timeoutNanos) {
                LOG.info("{}: no publisher reconnected within {} ms, ending the stream", streamId,
                        timeoutNanos / 1_000_000);
                end(null); // closed by its caller: no callback; the viewers end
            }
            return;
        }
        if (dataOnly() && live) {
            return; // messages may pause for any time; ICE consent watches the peer
        }
        long since = now - (live ? lastRtpNanos : createdNanos);
        if (since > timeoutNanos) {
            LOG.info("{}: no media from the publisher for {} ms, ending it", streamId, since / 1_000_000);
            end(EndReason.NO_MEDIA_TIMEOUT);
        }
    }

    /** Ends the session once: frees the transport, ends the viewers, tells the listener unless {@code reason} is null. */
    void end(EndReason reason) {
        if (ended) {
            return;
        }
        boolean closedByCaller = release();
        broadcast.end();
        for (ViewerSession viewer : new ArrayList<>(viewers)) {
            viewer.loop().onLoop(() -> viewer.end(EndReason.PUBLISHER_ENDED));
        }
        if (reason != null && !closedByCaller) {
            listener.ended(reason);
        }
    }

    /** Marks the session ended and frees its data channel, registration and transport; true when its caller closed it. */
    private boolean release() {
        boolean closedByCaller = awaitingSuccessor;
        ended = true;
        live = false;
        awaitingSuccessor = false;
        if (data != null) {
            data.close();
        }
        service.publisherEnded(this);
        if (transport != null) {
            transport.close();
        }
        return closedByCaller;
    }

    @Override
    public boolean ended() {
        return ended;
    }

    // ---- viewers (media loop)

    /** A viewer of this stream from now on (until {@link #removeViewer}). */
    void addViewer(ViewerSession viewer) {
        viewers.add(viewer);
    }

    void removeViewer(ViewerSession viewer) {
        viewers.remove(viewer);
    }

    /** Re-offers every viewer the renegotiated track list; media loop. */
    private void tracksChanged() {
        if (ended) {
            return;
        }
        for (ViewerSession viewer : new ArrayList<>(viewers)) {
            viewer.loop().onLoop(viewer::publisherTracksChanged);
        }
    }

    // ---- data channel (media loop)

    @Override
    public void dataChannelOpened() {
        if (dataOnly() && !live && !ended) {
            live = true;
            service.publisherLive(this);
            listener.started();
        }
    }

    /** The publisher's message goes to every viewer of the stream and every room viewer receiving it, unchanged. */
    @Override
    public void dataMessage(byte[] payload, boolean binary) {
        if (!ended) {
            service.dataReceived(streamId, payload, binary, DataMessageListener.Sender.PUBLISHER);
            relayToViewers(payload, binary, null);
            service.relayToRoomViewers(this, payload, binary);
        }
    }

    @Override
    public void dataChannelsClosed(CloseCause cause) {
        if (dataOnly() && !awaitingSuccessor) {
            end(EndReason.TRANSPORT_CLOSED);
        }
    }

    /** Sends a viewer's message to the publisher; false when dropped (no channel, queue full). */
    @Override
    public boolean sendData(byte[] payload, boolean binary) {
        if (data == null || ended) {
            return false;
        }
        return data.send(payload, binary);
    }

    /** Sends a message to every viewer but {@code except}; a slow viewer's full queue drops only its copy. */
    void relayToViewers(byte[] payload, boolean binary, ViewerSession except) {
        for (int i = 0; i < viewers.size(); i++) {
            ViewerSession viewer = viewers.get(i);
            if (viewer != except) {
                viewer.loop().onLoop(() -> viewer.sendData(payload, binary));
            }
        }
    }
}
