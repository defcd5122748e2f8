package dev.osprey.media.service;

import dev.osprey.media.Broadcast;
import dev.osprey.media.MediaClock;
import dev.osprey.media.MediaSink;
import dev.osprey.media.SourceDescription;
import dev.osprey.media.StreamInfo;
import dev.osprey.media.Tap;
import dev.osprey.media.TapHandle;
import dev.osprey.media.service.datachannel.DataChannelSession;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.datachannel.DataChannelStats;
import dev.osprey.media.service.datachannel.DataMessageListener;
import dev.osprey.media.service.datachannel.DataSendOutcome;
import dev.osprey.media.service.negotiation.PlayAnswer;
import dev.osprey.media.service.negotiation.PlayOffer;
import dev.osprey.media.service.negotiation.PlaySections;
import dev.osprey.media.service.negotiation.PublishNegotiation;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.media.service.negotiation.ViewerOfferNegotiation;
import dev.osprey.media.service.room.RoomHost;
import dev.osprey.media.service.room.RoomParticipant;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.media.service.room.RoomViewers;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The SFU as a service: publishers and viewers of one application, on one {@link UdpMux} per media loop.
 *
 * <p>{@link #publish} answers a publisher's offer (one codec per track, see {@link PublishNegotiation})
 * and its media feeds a {@link Broadcast}; the stream is live from its first packet. {@link #play}
 * offers a live stream to a viewer with the publisher's codecs; once the viewer's answer arrives and
 * its transport connects, it receives the broadcast. Sessions end on {@link MediaSession#close()},
 * on transport loss (ICE consent, DTLS), when a publisher sends no media for the start timeout, when
 * a viewer does not connect within it, and (viewers) when their publisher ends.
 *
 * <p>Data channels ({@link DataChannelSettings}, from {@link #dataChannelSettings}): an SCTP
 * association per session over its DTLS ({@code DataChannelSession}); the publisher's messages go to
 * every viewer, viewers' messages per the player distribution, each receiver behind its own bounded
 * queue ({@link #dataChannelStats()} counts the drops). In conference rooms ({@link #playRoom}) a
 * participant's messages also go to every room viewer that receives that participant, and room viewers'
 * messages to the participants' publishers (and, distribution {@code all}, the room's other viewers).
 * {@link #sendData} sends the server's own message (REST) to a stream or room; a {@link DataMessageListener}
 * ({@link #dataMessageListener}) hears every message publishers and players send.
 *
 * <p>Media loops ({@link MediaLoop}): one mux, and so one event loop and one UDP port, per loop. A
 * publisher and its broadcast live on the loop with the fewest publishers (a reconnecting publisher that
 * takes a stream over stays on its predecessor's). A viewer lives on its broadcast's loop unless that
 * loop has more than {@code viewerSlack} viewers more than the least busy one; then it goes there and
 * joins the broadcast's mirror on that loop ({@link Broadcast#mirrorOn}). A room's viewers live on
 * one loop chosen by the room's name, and join the mirrors of participants published elsewhere. With
 * one mux, everything runs on its loop as before.
 *
 * <p>Threading: all media state of a session lives on its loop, which is also the thread of the
 * broadcasts there; a task on each loop ticks its broadcasts every {@value #TICK_MILLIS} ms and checks
 * the timeouts. Calls between a publisher and a viewer on different loops are queued onto the
 * receiver's loop. {@link #publish} and {@link #play} negotiate on the caller's thread and hand the
 * session to its loop; they, and every query here (which sum over the loops), may be called from any
 * thread.
 */
public final class MediaService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaService.class);
    static final int TICK_MILLIS = 20;
    /** The largest message {@link #sendData} takes: the {@code a=max-message-size} every offer and answer announces. */
    public static final int MAX_DATA_MESSAGE_BYTES = SctpConfig.DEFAULT_MAX_MESSAGE_SIZE;
    private static final int CHECKS_EVERY_TICKS = 10;
    private static final AtomicLong SESSION_IDS = new AtomicLong();

    /** Viewers a broadcast's own loop may have above the least busy loop before new ones go elsewhere. */
    static final int DEFAULT_VIEWER_SLACK = 8;

    private final MediaLoop[] loops;
    private final int viewerSlack;
    private final MediaServiceConfig config;
    private final DtlsCertificate certificate;
    /** Stream id → its current publisher (live or not yet). */
    private final Map<String, PublisherSession> publishers = new ConcurrentHashMap<>();
    private final Map<MediaSession, Boolean> sessions = new ConcurrentHashMap<>();
    private final List<ScheduledFuture<?>> tickers = new ArrayList<>();
    private volatile Supplier<DataChannelSettings> dataChannelSettings = DataChannelSettings::defaults;
    private volatile DataMessageListener dataMessageListener = DataMessageListener.NONE;
    private volatile boolean closed;

    private MediaService(List<UdpMux> muxes, MediaServiceConfig config, int viewerSlack) {
        if (muxes.isEmpty()) {
            throw new IllegalArgumentException("at least one mux required");
        }
        this.loops = new MediaLoop[muxes.size()];
        this.viewerSlack = viewerSlack;
        this.config = config;
        this.certificate = DtlsCertificate.generate();
        for (int i = 0; i < loops.length; i++) {
            MediaLoop loop = new MediaLoop(i, muxes.get(i));
            loop.roomViewers = new RoomViewers(new ServiceRoomHost(loop));
            loops[i] = loop;
            tickers.add(loop.eventLoop.scheduleAtFixedRate(() -> tick(loop), TICK_MILLIS, TICK_MILLIS,
                    TimeUnit.MILLISECONDS));
        }
    }

    /** A service on an already started mux; the mux stays the caller's to close. */
    public static MediaService create(UdpMux mux, MediaServiceConfig config) {
        return new MediaService(List.of(mux), config, DEFAULT_VIEWER_SLACK);
    }

    /**
     * A service on several started muxes, one media loop each (each mux should have its own event loop
     * and port); the muxes stay the caller's to close.
     */
    public static MediaService create(List<UdpMux> muxes, MediaServiceConfig config) {
        return new MediaService(List.copyOf(muxes), config, DEFAULT_VIEWER_SLACK);
    }

    /** As {@link #create(List, MediaServiceConfig)}, with the viewer placement's slack (tests). */
    static MediaService create(List<UdpMux> muxes, MediaServiceConfig config, int viewerSlack) {
        return new MediaService(List.copyOf(muxes), config, viewerSlack);
    }

    /** The media loops (muxes) this service runs on. */
    public int loopCount() {
        return loops.length;
    }

    public MediaServiceConfig config() {
        return config;
    }

    /**
     * Where the application's data channel settings come from (default {@link DataChannelSettings#defaults()});
     * asked once per {@link #publish}, {@link #play} and {@link #playRoom}, so a change applies to the sessions
     * that start after it.
     */
    public void dataChannelSettings(Supplier<DataChannelSettings> source) {
        this.dataChannelSettings = Objects.requireNonNull(source, "source");
    }

    /** Who hears every data channel message publishers and players send (default: nobody); see {@link DataMessageListener}. */
    public void dataMessageListener(DataMessageListener listener) {
        this.dataMessageListener = Objects.requireNonNull(listener, "listener");
    }

    DataChannelSettings currentDataChannelSettings() {
        DataChannelSettings settings = dataChannelSettings.get();
        return settings == null ? DataChannelSettings.defaults() : settings;
    }

    // ---- publish / play (any thread)

    /**
     * Answers a publisher's offer: the listener gets the answer and our candidates before this
     * returns; {@link SessionListener#started()} follows with the first media packet. Another
     * publisher of the same id is replaced ({@link EndReason#REPLACED}). When that one's media had
     * stopped (or it was {@link MediaSession#closeForTakeover() closed for a take-over}) and its tracks
     * match the new offer's ({@link StreamTakeover}), the stream continues instead: the new publisher
     * feeds the same broadcast, its viewers keep their connections, outgoing SSRCs and sequences, and
     * {@link SessionListener#streamRestored()} tells the new publisher so.
     *
     * @param video accept a video track
     * @param audio accept an audio track
     * @throws MediaException when the offer is unusable (nothing is left allocated)
     */
    public MediaSession publish(String streamId, String offerSdp, boolean video, boolean audio,
                                SessionListener listener) throws MediaException {
        requireOpen();
        PublisherSession stopped = publishers.get(streamId);
        // A take-over feeds the same broadcast, so it must run on that broadcast's loop.
        MediaLoop loop = stopped != null ? stopped.loop() : leastPublishers();
        LocalTransport local = localTransport(loop);
        String sessionId = Long.toString(SESSION_IDS.incrementAndGet());
        PublishNegotiation.Result negotiated = PublishNegotiation.negotiate(offerSdp, video, audio,
                currentDataChannelSettings().enabled(), local, sessionId);
        PublisherSession session = new PublisherSession(this, loop, streamId, listener, negotiated, local, sessionId);
        start(session, stopped, negotiated.description(), negotiated.tracks(),
                () -> session.attach(PeerTransport.server(loop.mux, local, negotiated.answer().remote(), config.dtls(),
                        config.legs().publisherLeg(streamId, session))));
        listener.localDescription("answer", negotiated.answer().sdp(), null);
        sendCandidates(listener, negotiated.answer().result().media().stream()
                .filter(m -> m.accepted()).map(m -> new MidAt(m.index(), m.mid())).toList(), local);
        LOG.debug("{}: publisher answered with {}", streamId, negotiated.description().tracks());
        return session;
    }

    /**
     * A source that has frames rather than a peer connection (RTMP or SRT ingest, a file, a transcoder)
     * publishes {@code tracks}: the stream is live with its first frame ({@link SessionListener#started()}),
     * replaces or continues another publisher of the id as {@link #publish} does, and ends as that does
     * when frames stop for the start timeout ({@link EndReason#NO_MEDIA_TIMEOUT}). The tracks' payload
     * types are what viewers are offered; SSRCs are chosen here.
     *
     * @param tracks one per track, in the order {@link FramePublisher#frame} numbers them; no rtx
     *               codec is needed (viewers' retransmissions come from the broadcast's cache)
     * @throws MediaException when there is no track
     */
    public FramePublisher publishFrames(String streamId, List<PublishedTrack> tracks, SessionListener listener)
            throws MediaException {
        requireOpen();
        if (tracks.isEmpty()) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "a frame source needs a track");
        }
        PublisherSession stopped = publishers.get(streamId);
        MediaLoop loop = stopped != null ? stopped.loop() : leastPublishers();
        SourceDescription description = FramePublisher.describe(tracks);
        PublisherSession session = new PublisherSession(this, loop, streamId, listener, description, tracks,
                Long.toString(SESSION_IDS.incrementAndGet()));
        FramePublisher publisher = new FramePublisher(loop, session, description);
        start(session, stopped, description, tracks, () -> {
        });
        return publisher;
    }

    /**
     * Registers a new publisher: it feeds its predecessor's broadcast when that one's media stopped and its
     * tracks fit ({@link StreamTakeover}), else a broadcast of its own; any other publisher of the id ends
     * ({@link EndReason#REPLACED}). {@code attachTransport} runs once the broadcast is attached.
     */
    private void start(PublisherSession session, PublisherSession stopped, SourceDescription description,
                       List<PublishedTrack> tracks, Runnable attachTransport) {
        MediaLoop loop = session.loop();
        String streamId = session.streamId();
        PublisherSession predecessor = stopped != null && stopped.mayHandOver(tracks) ? stopped : null;
        if (predecessor != null) {
            session.attach(predecessor.broadcast(), predecessor.route());
        } else {
            PublisherRoute route = new PublisherRoute(session);
            session.attach(new Broadcast(streamId, description, route, loop.eventLoop, MediaClock.system(),
                    config.broadcast()), route);
        }
        attachTransport.run();
        sessions.put(session, Boolean.TRUE);
        loop.placedPublishers.incrementAndGet();
        PublisherSession previous = publishers.put(streamId, session);
        loop.onLoop(() -> {
            loop.publishers.add(session);
            if (predecessor != null) {
                predecessor.handOver(session, description);
            }
        });
        if (previous != null && previous != predecessor) {
            previous.loop().onLoop(() -> previous.end(EndReason.REPLACED));
        }
    }

    /**
     * Offers a live stream to a viewer: the listener gets the offer (with {@code idMapping}) and our
     * candidates before this returns; {@link SessionListener#started()} follows once the viewer's
     * transport is connected. When the publisher renegotiates its tracks later, the listener gets a
     * re-offer on the same connection, answered through {@link MediaSession#remoteDescription}.
     *
     * @throws MediaException {@link MediaException.Kind#NO_STREAM} when the stream is not live
     */
    public MediaSession play(String streamId, SessionListener listener) throws MediaException {
        requireOpen();
        PublisherSession publisher = requireLive(streamId);
        MediaLoop loop = viewerLoop(publisher.loop());
        LocalTransport local = localTransport(loop);
        String id = Long.toString(SESSION_IDS.incrementAndGet());
        DataChannelSettings data = currentDataChannelSettings();
        ViewerSession viewer = new ViewerSession(this, loop, publisher, id, listener, local,
                PlaySections.of(streamId, publisher.tracks(), data.enabled()), data.playerDistribution());
        viewer.attach(PeerTransport.server(loop.mux, local, null, config.dtls(), viewer));
        PlayOffer offer = viewer.firstOffer();
        startViewer(publisher, loop, viewer);
        listener.localDescription("offer", offer.sdp(), offer.idMapping());
        List<MidAt> mids = new ArrayList<>();
        for (int i = 0; i < offer.mids().size(); i++) {
            mids.add(new MidAt(i, offer.mids().get(i)));
        }
        sendCandidates(listener, mids, local);
        return viewer;
    }

    /**
     * Answers a viewer's offer to play a live stream (WHEP: the player offers recvonly audio and video): the
     * listener gets the answer (with {@code idMapping}) and our candidates before this returns, and
     * {@link SessionListener#started()} follows once the viewer's transport is connected. The session is a
     * viewer like those of {@link #play} (counts, statistics, keyframes, retransmissions, take-over, end),
     * except that nothing is re-offered: a track the publisher adds later is not forwarded to it (see
     * {@link ViewerOfferNegotiation} for what the answer accepts).
     *
     * @throws MediaException {@link MediaException.Kind#NO_STREAM} when the stream is not live,
     *                        {@link MediaException.Kind#UNACCEPTABLE_OFFER} when the offer cannot be answered
     *                        (nothing is left allocated)
     */
    public MediaSession playWithOffer(String streamId, String offerSdp, SessionListener listener)
            throws MediaException {
        requireOpen();
        PublisherSession publisher = requireLive(streamId);
        MediaLoop loop = viewerLoop(publisher.loop());
        LocalTransport local = localTransport(loop);
        String id = Long.toString(SESSION_IDS.incrementAndGet());
        DataChannelSettings data = currentDataChannelSettings();
        PlayAnswer answer = ViewerOfferNegotiation.negotiate(streamId, publisher.tracks(), offerSdp, data.enabled(),
                local, id);
        ViewerSession viewer = new ViewerSession(this, loop, publisher, id, listener, local, answer,
                data.playerDistribution());
        viewer.attach(PeerTransport.server(loop.mux, local, answer.remote(), config.dtls(), viewer));
        startViewer(publisher, loop, viewer);
        listener.localDescription("answer", answer.sdp(), answer.idMapping());
        List<MidAt> mids = new ArrayList<>();
        for (int i = 0; i < answer.acceptedMids().size(); i++) {
            if (answer.acceptedMids().get(i) != null) {
                mids.add(new MidAt(i, answer.acceptedMids().get(i)));
            }
        }
        sendCandidates(listener, mids, local);
        return viewer;
    }

    /** Counts a new viewer and hands it to its loop and its publisher's; any thread. */
    private void startViewer(PublisherSession publisher, MediaLoop loop, ViewerSession viewer) {
        sessions.put(viewer, Boolean.TRUE);
        loop.placedViewers.incrementAndGet();
        // Registered on the publisher's loop first, so the publisher's end and re-offers reach the viewer.
        publisher.loop().onLoop(() -> {
            boolean publisherEnded = publisher.ended();
            if (!publisherEnded) {
                publisher.addViewer(viewer);
            }
            loop.onLoop(() -> {
                if (publisherEnded) {
                    viewer.end(EndReason.PUBLISHER_ENDED);
                } else {
                    loop.viewers.add(viewer);
                    viewer.publisherTracksChanged(); // the publisher may have renegotiated since the SDP was built
                }
            });
        });
    }

    /**
     * Offers a conference room to a viewer on one peer connection: one audio and one video section per
     * participant (see {@link RoomPlaySession}); the offer and candidates are sent from the media loop
     * right after this returns, re-offers follow the room's changes.
     *
     * @param participants    the live streams to receive at first (more follow through
     *                        {@link RoomPlaySession#participants})
     * @param maxVideoTracks  how many participants' video is forwarded at most (below 0: no limit)
     */
    public RoomPlaySession playRoom(String room, List<String> participants, int maxVideoTracks,
                                    SessionListener listener) throws MediaException {
        requireOpen();
        MediaLoop loop = roomLoop(room);
        LocalTransport local = localTransport(loop);
        return loop.roomViewers.open(room, Long.toString(SESSION_IDS.incrementAndGet()), listener, local,
                participants, maxVideoTracks, currentDataChannelSettings(),
                viewer -> PeerTransport.server(loop.mux, local, null, config.dtls(), viewer));
    }

    private record MidAt(int index, String mid) {
    }

    /** Trickles every host candidate once per m-line, as the SDK expects (they are in the SDP too). */
    private static void sendCandidates(SessionListener listener, List<MidAt> mids, LocalTransport local) {
        for (MidAt m : mids) {
            for (IceCandidate c : local.candidates()) {
                listener.localCandidate(m.index(), m.mid(), c.format());
            }
        }
    }

    // ---- placement (any thread)

    private MediaLoop leastPublishers() {
        MediaLoop best = loops[0];
        for (MediaLoop l : loops) {
            if (l.placedPublishers.get() < best.placedPublishers.get()) {
                best = l;
            }
        }
        return best;
    }

    /**
     * The broadcast's own loop while it is not more than {@code viewerSlack} viewers busier than the
     * least busy loop (a small audience costs no copy), else the least busy loop.
     */
    private MediaLoop viewerLoop(MediaLoop publisherLoop) {
        MediaLoop least = loops[0];
        for (MediaLoop l : loops) {
            if (l.placedViewers.get() < least.placedViewers.get()) {
                least = l;
            }
        }
        return publisherLoop.placedViewers.get() <= least.placedViewers.get() + viewerSlack ? publisherLoop : least;
    }

    /** Every viewer of a room on one loop, chosen by the room's name. */
    private MediaLoop roomLoop(String room) {
        return loops[Math.floorMod(room.hashCode(), loops.length)];
    }

    private LocalTransport localTransport(MediaLoop loop) throws MediaException {
        try {
            return LocalTransport.forMux(loop.mux, certificate, config.advertisedAddresses());
        } catch (IOException e) {
            throw new MediaException(MediaException.Kind.UNACCEPTABLE_OFFER, "no address to advertise: " + e);
        }
    }

    private void requireOpen() throws MediaException {
        if (closed) {
            throw new MediaException(MediaException.Kind.NO_STREAM, "the media service is closed");
        }
    }

    // ---- queries (any thread)

    /** True when the stream's publisher sends media. */
    public boolean isLive(String streamId) {
        PublisherSession p = publishers.get(streamId);
        return p != null && p.live();
    }

    /**
     * Starts a tap on a live stream (see {@link Broadcast#addTap}); empty when the stream is not live.
     * The tap closes when the stream ends; a publisher that reconnects and takes the stream over keeps
     * it running ({@link Tap#onSourceChanged}).
     */
    public Optional<TapHandle> addTap(String streamId, String name, Tap tap) {
        PublisherSession p = publishers.get(streamId);
        return p != null && p.live() ? Optional.of(p.broadcast().addTap(name, tap)) : Optional.empty();
    }

    /** Picture size, bitrates and codec of a live stream. */
    public Optional<StreamInfo> streamInfo(String streamId) {
        PublisherSession p = publishers.get(streamId);
        return p != null && p.live() ? Optional.of(p.broadcast().streamInfo()) : Optional.empty();
    }

    /** Open sessions (publishers and viewers) that have not ended. */
    public int sessionCount() {
        return sessions.size();
    }

    /** Registered publishers (live or waiting for media). */
    public int publisherCount() {
        return publishers.size();
    }

    /** Viewers the broadcast of {@code streamId} forwards to right now, on every loop. */
    public int viewerCount(String streamId) {
        PublisherSession p = publishers.get(streamId);
        return p == null ? 0 : p.broadcast().viewerCount() + p.broadcast().mirroredViewerCount();
    }

    /**
     * Snapshots of the connected viewers of {@code streamId} (empty when it is not published), taken
     * on each media loop: the future completes on one of them, so wait for it off the loops, with a bound.
     */
    public CompletableFuture<List<ViewerStats>> viewerStats(String streamId) {
        PublisherSession p = publishers.get(streamId);
        if (p == null || closed) {
            return CompletableFuture.completedFuture(List.of());
        }
        long nowMillis = System.currentTimeMillis();
        List<CompletableFuture<List<ViewerStats>>> parts = new ArrayList<>();
        for (MediaLoop loop : loops) {
            CompletableFuture<List<ViewerStats>> part = new CompletableFuture<>();
            parts.add(part);
            try {
                loop.eventLoop.execute(() -> part.complete(viewerStatsOn(loop, p, nowMillis)));
            } catch (RejectedExecutionException e) {
                part.complete(List.of());
            }
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> parts.stream()
                .flatMap(part -> part.join().stream()).collect(Collectors.toList()));
    }

    /** The figures of the connected viewers of {@code publisher}'s stream on {@code loop}; that loop. */
    private static List<ViewerStats> viewerStatsOn(MediaLoop loop, PublisherSession publisher, long nowMillis) {
        List<ViewerStats> stats = new ArrayList<>();
        for (ViewerSession v : loop.viewers) {
            if (v.publisherSession().broadcast() == publisher.broadcast()) {
                ViewerStats s = v.stats(nowMillis);
                if (s != null) {
                    stats.add(s);
                }
            }
        }
        return stats;
    }

    /**
     * Sends a message from the server (Ant Media's REST {@code sendMessage}) over the data channels of
     * {@code id}: when it is a live stream, to its publisher and everyone receiving it (its players and
     * the conference players that receive it); else, when it is a conference room with players, to every
     * one of them. Relaying happens on the media loop and never blocks; the future completes there.
     *
     * @param payload the UTF-8 bytes of a text message, or the binary message; must not change afterwards
     */
    public CompletableFuture<DataSendOutcome> sendData(String id, byte[] payload, boolean binary) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payload, "payload");
        if (payload.length > MAX_DATA_MESSAGE_BYTES) {
            return CompletableFuture.completedFuture(DataSendOutcome.TOO_LARGE);
        }
        if (!currentDataChannelSettings().enabled()) {
            return CompletableFuture.completedFuture(DataSendOutcome.DATA_CHANNELS_DISABLED);
        }
        CompletableFuture<DataSendOutcome> result = new CompletableFuture<>();
        if (closed) {
            result.complete(DataSendOutcome.NOT_LIVE);
            return result;
        }
        PublisherSession known = publishers.get(id);
        MediaLoop loop = known != null ? known.loop() : roomLoop(id);
        try {
            loop.eventLoop.execute(() -> {
                PublisherSession publisher = livePublisher(id);
                if (publisher != null && publisher.loop() == loop) {
                    publisher.sendData(payload, binary);
                    publisher.relayToViewers(payload, binary, null);
                    relayToRoomViewers(publisher, payload, binary);
                    result.complete(DataSendOutcome.SENT);
                } else {
                    // not (or no longer) a live stream: a room's viewers, on the room's loop
                    MediaLoop room = roomLoop(id);
                    room.onLoop(() -> result.complete(room.roomViewers.sendToRoom(id, payload, binary)
                            ? DataSendOutcome.SENT : DataSendOutcome.NOT_LIVE));
                }
            });
        } catch (RejectedExecutionException e) {
            result.complete(DataSendOutcome.NOT_LIVE);
        }
        return result;
    }

    /**
     * Publisher RTP packets dropped before forwarding: malformed, unknown SSRC (the SRTP layer already refuses
     * most of those) or payload type.
     */
    public long droppedPublisherRtp() {
        long n = 0;
        for (MediaLoop loop : loops) {
            n += loop.droppedRtp();
        }
        return n;
    }

    /** Data channel messages received, relayed and dropped (slow or not yet connected receivers). */
    public DataChannelStats dataChannelStats() {
        DataChannelStats sum = DataChannelStats.NONE;
        for (MediaLoop loop : loops) {
            sum = sum.plus(loop.dataCounters.snapshot());
        }
        return sum;
    }

    // ---- loop internals

    /**
     * The data channels of a session's connection, counted in {@link #dataChannelStats()}; see
     * {@link DataChannelSession#DataChannelSession} for the arguments. Media loop.
     */
    DataChannelSession newDataChannelSession(MediaLoop loop, PeerTransport transport, String label,
                                             boolean openChannel, long remoteMaxMessageSize,
                                             DataChannelSession.Events events) {
        return new DataChannelSession(transport, label, openChannel, remoteMaxMessageSize, events, loop.dataCounters);
    }

    /** The sink a viewer's broadcast sends to: the session itself, wrapped as the configuration says. */
    MediaSink viewerSink(Broadcast broadcast, MediaSink session) {
        return config.legs().viewerLeg(broadcast, session);
    }

    void publisherLive(PublisherSession session) {
        LOG.info("{}: publishing started", session.streamId());
    }

    void publisherEnded(PublisherSession session) {
        publishers.remove(session.streamId(), session);
        if (sessions.remove(session) != null) {
            session.loop().placedPublishers.decrementAndGet();
        }
        session.loop().publishers.remove(session);
        long laneDrops = session.broadcast().mirrorLaneDrops();
        if (laneDrops > 0) {
            LOG.info("{}: publisher ended; {} packet(s) were dropped on the way to viewers on other loops",
                    session.streamId(), laneDrops);
        } else {
            LOG.info("{}: publisher ended", session.streamId());
        }
    }

    /** The live publisher of a stream, or null; any loop (a participant of a room elsewhere too). */
    private PublisherSession requireLive(String streamId) throws MediaException {
        PublisherSession publisher = livePublisher(streamId);
        if (publisher == null) {
            throw new MediaException(MediaException.Kind.NO_STREAM, "stream " + streamId + " is not live");
        }
        return publisher;
    }

    PublisherSession livePublisher(String streamId) {
        PublisherSession p = publishers.get(streamId);
        return p != null && p.live() && !p.ended() ? p : null;
    }

    /** A message a publisher or player sent, for the {@link DataMessageListener}; media loop. */
    void dataReceived(String streamId, byte[] payload, boolean binary, DataMessageListener.Sender from) {
        try {
            dataMessageListener.dataMessage(streamId, payload, binary, from);
        } catch (RuntimeException e) {
            LOG.warn("{}: the data message listener failed", streamId, e);
        }
    }

    /**
     * A participant's message to every room viewer that receives it (its own room play does not), on
     * every loop; the participant's loop.
     */
    void relayToRoomViewers(PublisherSession from, byte[] payload, boolean binary) {
        for (MediaLoop loop : loops) {
            loop.onLoop(() -> loop.roomViewers.relayFromParticipant(from.streamId(), payload, binary));
        }
    }

    /** Conference viewers open right now. */
    public int roomViewerCount() {
        int n = 0;
        for (MediaSession s : sessions.keySet()) {
            if (s instanceof RoomPlaySession) {
                n++;
            }
        }
        return n;
    }

    /** The viewer's loop. */
    void viewerEnded(ViewerSession viewer) {
        if (sessions.remove(viewer) != null) {
            viewer.loop().placedViewers.decrementAndGet();
        }
        viewer.loop().viewers.remove(viewer);
        PublisherSession publisher = viewer.publisherSession();
        publisher.loop().onLoop(() -> publisher.removeViewer(viewer));
    }

    private void tick(MediaLoop loop) {
        long now = System.nanoTime();
        for (int i = 0; i < loop.publishers.size(); i++) {
            PublisherSession p = loop.publishers.get(i);
            try {
                p.broadcast().tick();
            } catch (RuntimeException e) {
                LOG.warn("{}: broadcast tick failed", p.streamId(), e);
            }
        }
        if (++loop.ticks % CHECKS_EVERY_TICKS != 0) {
            return;
        }
        long timeout = config.startTimeout().toNanos();
        for (PublisherSession p : new ArrayList<>(loop.publishers)) {
            p.checkTimeout(now, timeout);
        }
        for (ViewerSession v : new ArrayList<>(loop.viewers)) {
            v.tick(now, timeout, config.bitrateInterval().toNanos());
        }
        loop.roomViewers.tick(now, timeout, config.bitrateInterval().toNanos());
    }

    /** The service as the room viewers of one loop see it; kept out of the public API. */
    private final class ServiceRoomHost implements RoomHost {
        private final MediaLoop loop;

        ServiceRoomHost(MediaLoop loop) {
            this.loop = loop;
        }

        @Override
        public void onLoop(Runnable task) {
            loop.onLoop(task);
        }

        /**
         * Queues the task behind everything already queued, even when called on the loop. Control calls
         * that the signalling makes under its lock from several threads (a room's participant list from a
         * socket's thread and from the media loop) then run in the order they were made; running the
         * loop's own calls inline would let them overtake older queued ones.
         */
        @Override
        public void queueOnLoop(Runnable task) {
            loop.queueOnLoop(task);
        }

        /** The participant as this loop sees it: its broadcast is the mirror here when it lives elsewhere. */
        @Override
        public RoomParticipant livePublisher(String streamId) {
            PublisherSession p = MediaService.this.livePublisher(streamId);
            return p == null ? null : p.seenFrom(loop);
        }

        @Override
        public MediaSink viewerSink(Broadcast broadcast, MediaSink session) {
            return MediaService.this.viewerSink(broadcast, session);
        }

        @Override
        public DataChannelSession newDataChannelSession(PeerTransport transport, String label, boolean openChannel,
                                                        long remoteMaxMessageSize, DataChannelSession.Events events) {
            return MediaService.this.newDataChannelSession(loop, transport, label, openChannel, remoteMaxMessageSize,
                    events);
        }

        @Override
        public void dataReceived(String room, byte[] payload, boolean binary, DataMessageListener.Sender from) {
            MediaService.this.dataReceived(room, payload, binary, from);
        }

        @Override
        public void sessionOpened(MediaSession session) {
            sessions.put(session, Boolean.TRUE);
        }

        @Override
        public void sessionEnded(MediaSession session) {
            sessions.remove(session);
        }
    }

    /** Ends every session (viewers get {@link EndReason#SERVICE_CLOSED}) and stops the tickers; the muxes stay open. */
    @Override
    public void close() {
        closed = true;
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int i = 0; i < loops.length; i++) {
            MediaLoop loop = loops[i];
            ScheduledFuture<?> ticker = tickers.get(i);
            CompletableFuture<Void> loopDone = new CompletableFuture<>();
            done.add(loopDone);
            loop.onLoop(() -> {
                ticker.cancel(false);
                for (PublisherSession p : new ArrayList<>(loop.publishers)) {
                    p.end(EndReason.SERVICE_CLOSED);
                }
                // a viewer of a publisher on another loop may already be ending through that loop: end() is idempotent
                for (ViewerSession v : new ArrayList<>(loop.viewers)) {
                    v.end(EndReason.SERVICE_CLOSED);
                }
                loop.roomViewers.endAll(EndReason.SERVICE_CLOSED);
                loopDone.complete(null);
            });
        }
        try {
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("media service close did not complete: {}", e.toString());
        }
    }
}
