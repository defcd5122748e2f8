package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaKind;
import dev.osprey.media.MediaSink;
import dev.osprey.media.Viewer;
import dev.osprey.media.ViewerTrackDescription;
import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.media.service.negotiation.AnsweredTracks;
import dev.osprey.media.service.negotiation.OfferCycle;
import dev.osprey.media.service.negotiation.PlayAnswer;
import dev.osprey.media.service.negotiation.PlayOffer;
import dev.osprey.media.service.negotiation.PlaySections;
import dev.osprey.media.service.negotiation.ViewerAnswer;
import dev.osprey.media.service.negotiation.ViewerTracks;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.SdpRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A viewer: the server offered, the viewer answers, and once its transport is connected it becomes a
 * {@link Viewer} of the publisher's broadcast (which asks for a keyframe at once), or of its mirror
 * when the viewer lives on another media loop than the publisher. The viewer's packets are encrypted
 * in place on the viewer's loop and sent. Everything but the {@link MediaSession} methods runs on the
 * viewer's loop; calls to the publisher are queued onto the publisher's.
 *
 * <p>When the publisher renegotiates its tracks, the viewer is re-offered on the same connection
 * ({@link PlaySections}): one offer outstanding at a time, later changes folded into the next offer
 * once the answer arrived ({@link OfferCycle}). A stopped track stops at once; an added one is
 * forwarded once the viewer answered the offer carrying it, and the streams it had flow on meanwhile.
 * A viewer that never answers a re-offer keeps what it had.
 *
 * <p>When the viewer's answer accepts the offered data channel section, the server opens a channel
 * (label = stream id) once connected: the publisher's messages arrive on it, and the viewer's
 * messages go where the {@link DataChannelSettings.PlayerDistribution} says.
 *
 * <p>A viewer may also offer (WHEP): the server answered it at once ({@link PlayAnswer}), so the transport
 * knows the viewer from the start and nothing is ever re-offered. When the publisher renegotiates, its
 * answered tracks pause and resume with the publisher's; tracks added later are not forwarded
 * ({@link AnsweredTracks}). A take-over by a publisher with other codecs ends the stream, and so the viewer.
 * The data channel works as above when the answer accepted the viewer's data channel m-line.
 */
final class ViewerSession implements MediaSession, PeerTransportListener, MediaSink, DataChannelSession.Events {
    private static final Logger LOG = LoggerFactory.getLogger(ViewerSession.class);

    private final MediaService service;
    private final MediaLoop loop;
    /** Replaced (media loop) when a reconnecting publisher takes the stream over; read by any thread. */
    private volatile PublisherSession publisher;
    private final String id;
    private final SessionListener listener;
    private final LocalTransport local;
    // Media loop (the first offer is built before the session reaches it).
    /** The server's offers; null when the viewer offered (then {@link #tracks} is fixed by our answer). */
    private final PlaySections sections;
    /** {@link #sections}, or the tracks our answer to the viewer's offer accepted. */
    private final ViewerTracks tracks;
    /** The answer to the viewer's offer, null when the server offered. */
    private final PlayAnswer answered;
    private final OfferCycle offers = new OfferCycle();
    /** Publisher tracks the viewer has a stream for. */
    private final Set<Integer> subscribed = new HashSet<>();
    private boolean remoteSet;
    private final long createdNanos = System.nanoTime();
    private final DataChannelSettings.PlayerDistribution distribution;
    /** Set (once, media loop) when the first answer accepts the data channel section, before the transport can connect. */
    private volatile DataChannelSession data;
    private PeerTransport transport;
    private Viewer viewer;
    /** The broadcast {@link #viewer} belongs to: the publisher's, or its mirror on this loop. */
    private Broadcast joined;
    private volatile boolean connected;
    private boolean ended;
    private int transportSequence;
    private long nextBitrateNanos;

    ViewerSession(MediaService service, MediaLoop loop, PublisherSession publisher, String id, SessionListener listener,
                  LocalTransport local, PlaySections sections, DataChannelSettings.PlayerDistribution distribution) {
        this(service, loop, publisher, id, listener, local, sections, sections, null, distribution);
    }

    /** A viewer whose offer the server answered with {@code answer}. */
    ViewerSession(MediaService service, MediaLoop loop, PublisherSession publisher, String id, SessionListener listener,
                  LocalTransport local, PlayAnswer answer, DataChannelSettings.PlayerDistribution distribution) {
        this(service, loop, publisher, id, listener, local, null, new AnsweredTracks(answer), answer, distribution);
        this.remoteSet = true;
    }

    private ViewerSession(MediaService service, MediaLoop loop, PublisherSession publisher, String id,
                          SessionListener listener, LocalTransport local, PlaySections sections, ViewerTracks tracks,
                          PlayAnswer answered, DataChannelSettings.PlayerDistribution distribution) {
        this.service = service;
        this.loop = loop;
        this.publisher = publisher;
        this.id = id;
        this.listener = listener;
        this.local = local;
        this.sections = sections;
        this.tracks = tracks;
        this.answered = answered;
        this.distribution = distribution;
    }

    /**
     * The transport; a viewer that offered knows the viewer's side already, so its data channels (when
     * answered) exist before the transport can connect.
     */
    void attach(PeerTransport transport) {
        this.transport = transport;
        if (answered != null && answered.acceptsDataChannel()) {
            data = service.newDataChannelSession(loop, transport, streamId(), true, answered.dataMaxMessageSize(), this);
        }
    }

    /** The first offer; called once, before the session is handed to the media loop. */
    PlayOffer firstOffer() {
        return sections.offer(local, id, offers.sent(System.nanoTime()));
    }

    @Override
    public String streamId() {
        return publisher.streamId();
    }

    @Override
    public void remoteDescription(String type, String sdp) {
        if (sections == null) {
            LOG.debug("{}: viewer {} offered and was answered; its {} is ignored", streamId(), id, type);
            return;
        }
        if (!"answer".equals(type)) {
            LOG.debug("{}: viewer {} sent a {}, not an answer; ignored", streamId(), id, type);
            return;
        }
        ViewerAnswer answer;
        try {
            answer = ViewerAnswer.parse(sdp);
        } catch (SdpRejectedException | SdpParseException e) {
            LOG.debug("{}: viewer {} sent an unusable answer: {}", streamId(), id, e.getMessage());
            loop.onLoop(() -> end(EndReason.BAD_ANSWER));
            return;
        }
        loop.onLoop(() -> onAnswer(answer));
    }

    @Override
    public void remoteCandidate(Integer label, String mid, String candidate) {
        // ICE-lite: the viewer's connectivity checks tell us its address; candidates are not needed.
    }

    @Override
    public boolean receivingMedia() {
        return connected;
    }

    @Override
    public void close() {
        loop.onLoop(() -> end(null));
    }

    PublisherSession publisherSession() {
        return publisher;
    }

    MediaLoop loop() {
        return loop;
    }

    /** A reconnected publisher of the stream took over the broadcast this viewer receives; media loop. */
    void publisherReplaced(PublisherSession successor) {
        publisher = successor;
    }

    // ---- negotiation (media loop)

    private void onAnswer(ViewerAnswer answer) {
        if (ended) {
            return;
        }
        if (!offers.answered()) {
            LOG.debug("{}: viewer {} answered without an outstanding offer; ignored", streamId(), id);
            return;
        }
        if (!remoteSet) {
            remoteSet = true;
            if (answer.acceptsDataChannel() && sections.dataChannel()) {
                data = service.newDataChannelSession(loop, transport, streamId(), true, answer.dataMaxMessageSize(), this);
            }
            transport.setRemote(answer.remote());
        } else {
            transport.expectSsrcs(answer.remote().ssrcs()); // RTCP from transceivers a re-offer added
        }
        sections.answered(answer.sections());
        applyForwarding();
        if (offers.due()) {
            sendOffer();
        }
    }

    /** The publisher's track list changed (renegotiation): forwarding follows at once, the viewer by re-offer. */
    void publisherTracksChanged() {
        if (ended || !tracks.follow(publisher.tracks())) {
            return;
        }
        if (sections == null) {
            applyForwarding(); // no re-offer: the answered tracks pause or resume
            return;
        }
        offers.changed();
        applyForwarding();
        if (offers.due()) {
            sendOffer();
        }
    }

    private void sendOffer() {
        PlayOffer offer = sections.offer(local, id, offers.sent(System.nanoTime()));
        LOG.debug("{}: offer {} to viewer {} carries {}", streamId(), offers.version(), id, offer.idMapping());
        listener.localDescription("offer", offer.sdp(), offer.idMapping());
    }

    /**
     * Once connected: subscribes (or extends the viewer to) every section an answer accepted that is
     * to be forwarded now, and switches each subscribed track on or off as {@link PlaySections#forwarding}
     * says. A paused section joins the viewer only when it resumes (a stream added to a running
     * viewer starts enabled).
     */
    private void applyForwarding() {
        if (!connected || ended) {
            return;
        }
        List<ViewerTrackDescription> added = new ArrayList<>();
        for (ViewerTrackDescription t : tracks.acceptedTracks()) {
            if (subscribed.contains(t.track())) {
                viewer.setTrackEnabled(t.track(), tracks.forwarding(t.track()));
            } else if (tracks.forwarding(t.track())) {
                added.add(t);
            }
        }
        if (added.isEmpty()) {
            return;
        }
        if (viewer == null) {
            Broadcast broadcast = publisher.broadcast().mirrorOn(loop.eventLoop);
            joined = broadcast;
            viewer = broadcast.addViewer(id, tracks.description(added), service.viewerSink(broadcast, this));
        } else {
            joined.addViewerTracks(viewer, added);
        }
        added.forEach(t -> subscribed.add(t.track()));
    }

    /** The figures of a connected viewer, {@code null} before it connected; media loop. */
    ViewerStats stats(long nowMillis) {
        Viewer s = viewer;
        if (s == null || ended) {
            return null;
        }
        return new ViewerStats(id, transport.remoteAddress(), s.targetBitrate(), s.videoBitrate(), s.audioBitrate(),
                s.packetsSent(MediaKind.VIDEO), s.packetsSent(MediaKind.AUDIO), s.payloadOctetsSent(MediaKind.VIDEO),
                s.payloadOctetsSent(MediaKind.AUDIO), s.nacksReceived(), s.plisReceived(), s.firsReceived(),
                s.retransmissionsSent(), s.fractionLost(), nowMillis);
    }

    // ---- transport events (media loop)

    @Override
    public void onConnected(SrtpProfile profile) {
        if (ended) {
            return;
        }
        connected = true;
        applyForwarding();
        DataChannelSession channels = data;
        if (channels != null) {
            channels.start();
        }
        LOG.debug("{}: viewer {} connected ({})", streamId(), id, profile);
        listener.started();
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        if (viewer != null && !ended) {
            viewer.onRtcp(buf, off, len);
        }
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        DataChannelSession channels = data;
        if (channels != null && !ended) {
            channels.onPacket(buf, off, len);
        }
    }

    @Override
    public void onClosed(CloseReason reason) {
        LOG.debug("{}: viewer {} transport closed ({})", streamId(), id, reason);
        end(EndReason.TRANSPORT_CLOSED);
    }

    // ---- MediaSink (media loop, called by the broadcast)

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        transport.sendRtp(buf, off, len);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        transport.sendRtcp(buf, off, len);
    }

    @Override
    public int nextTransportSequenceNumber() {
        transportSequence = (transportSequence + 1) & 0xFFFF;
        return transportSequence;
    }

    // ---- lifecycle (media loop)

    /** Periodic work: the connect timeout and the bitrate report. */
    void tick(long now, long timeoutNanos, long bitrateIntervalNanos) {
        if (!connected) {
            if (now - createdNanos > timeoutNanos) {
                LOG.info("{}: viewer {} did not connect within {} ms, ending it", streamId(), id,
                        timeoutNanos / 1_000_000);
                end(EndReason.NOT_CONNECTED_TIMEOUT);
            }
            return;
        }
        if (viewer != null && now - nextBitrateNanos >= 0) {
            if (nextBitrateNanos != 0) {
                listener.bitrateMeasurement(viewer.targetBitrate(), viewer.videoBitrate(),
                        viewer.audioBitrate());
            }
            nextBitrateNanos = now + bitrateIntervalNanos;
        }
    }

    /** Ends once: leaves the broadcast, frees the transport, tells the listener unless {@code reason} is null. */
    void end(EndReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        connected = false;
        DataChannelSession channels = data;
        if (channels != null) {
            channels.close();
        }
        if (viewer != null) {
            joined.removeViewer(viewer);
        }
        service.viewerEnded(this);
        if (transport != null) {
            transport.close();
        }
        if (reason != null) {
            listener.ended(reason);
        }
    }

    // ---- data channel (media loop)

    /** The viewer's data channels, or null when its answer declined them. */
    DataChannelSession dataChannels() {
        return data;
    }

    /** Sends the publisher's (or another viewer's) message; a full queue drops it, counted. */
    void sendData(byte[] payload, boolean binary) {
        DataChannelSession channels = data;
        if (channels == null || ended) {
            return;
        }
        channels.send(payload, binary);
    }

    @Override
    public void dataChannelOpened() {
        LOG.debug("{}: viewer {} data channel open", streamId(), id);
    }

    /** Ant Media's dataChannelPlayerDistribution: all = publisher and the other viewers, publisher, or none. */
    @Override
    public void dataMessage(byte[] payload, boolean binary) {
        if (ended || publisher.ended()) {
            return;
        }
        service.dataReceived(streamId(), payload, binary, DataMessageListener.Sender.PLAYER);
        PublisherSession to = publisher;
        switch (distribution) {
            case ALL -> to.loop().onLoop(() -> {
                to.sendData(payload, binary);
                to.relayToViewers(payload, binary, this);
            });
            case PUBLISHER -> to.loop().onLoop(() -> to.sendData(payload, binary));
            case NONE -> LOG.trace("{}: viewer {} message dropped (distribution none)", streamId(), id);
        }
    }
}
