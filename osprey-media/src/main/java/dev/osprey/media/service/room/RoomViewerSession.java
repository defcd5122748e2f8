package dev.osprey.media.service.room;

import dev.osprey.media.MediaKind;
import dev.osprey.media.MediaSink;
import dev.osprey.media.Viewer;
import dev.osprey.media.service.EndReason;
import dev.osprey.media.service.SessionListener;
import dev.osprey.media.service.datachannel.DataChannelSettings;
import dev.osprey.media.service.negotiation.OfferCycle;
import dev.osprey.media.service.negotiation.ViewerAnswer;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.sdp.SdpParseException;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.CloseReason;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.SdpRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A conference viewer: one transport, one {@link dev.osprey.media.Viewer} per participant it
 * receives (each on that participant's broadcast, all sending through this session), and the
 * offer/answer cycle that keeps the browser's m-sections in step with the room. The session keeps the
 * lifecycle, the control calls and the forwarding decisions (toggles, video assignment), and wires its
 * parts: {@link RoomSlots} (which participant sits in which sections), {@link RoomOffers} (the offers and
 * what their answers accepted) and {@link RoomDataChannel} (channels, server events, message routing).
 *
 * <p>Negotiation: one offer is outstanding at a time. A change while an offer is unanswered is
 * folded into the next offer, sent when the answer arrives. A new participant is forwarded only once
 * the answer to the offer that introduced it arrived (the browser then knows its SSRCs); a departed
 * one stops at once. Everything but the public methods runs on the media loop.
 *
 * <p>Payload types: the offers number codecs from one {@link RoomPayloadTypes} table per connection, and
 * each participant is forwarded under the payload types the viewer's answer gave its codec in that
 * participant's section (the broadcast writes them into every packet it forwards). A section the answer
 * rejects (port 0), or accepts without the offered codec, is not forwarded to; a rejected one stays at
 * port 0 in later offers.
 *
 * <p>Data channels: when enabled, the offers carry an {@code m=application} section at a fixed place
 * and, once the viewer accepted it, the server opens a channel labelled with the room id (channels the
 * page opens are accepted too). The room's participants' messages arrive through {@link #sendData};
 * this viewer's messages go where the {@link DataChannelSettings.PlayerDistribution} says. The server
 * writes its own events there too ({@link RoomEvents}): {@code TRACK_LIST_UPDATED} when the participant
 * list changes and {@code VIDEO_TRACK_ASSIGNMENT_LIST} when the participants that get video change, and
 * both once when the channel opens.
 *
 * <p>Video assignment: pinned participants first, then the page of the participant list
 * ({@link VideoSelection}), at most {@code maxVideo}; the others' video is paused, their sections kept.
 */
final class RoomViewerSession implements RoomPlaySession, PeerTransportListener, MediaSink {
    private static final Logger LOG = LoggerFactory.getLogger(RoomViewerSession.class);

    private final RoomHost host;
    private final RoomViewers viewers;
    private final String room;
    private final String id;
    private final SessionListener listener;
    private final LocalTransport local;
    private final long createdNanos = System.nanoTime();
    private PeerTransport transport;
    // Media loop only.
    private final RoomOffers roomOffers;
    private final RoomSlots slots;
    private final RoomDataChannel dataChannel;
    private List<String> wanted = List.of();
    private final Set<String> disabled = new HashSet<>();
    private final Set<String> videoOff = new HashSet<>();
    private final Set<String> audioOff = new HashSet<>();
    private int maxVideo;
    /** Pinned participants, in pin order; always a subset of {@link #wanted}. */
    private final Set<String> pinned = new LinkedHashSet<>();
    private int pageOffset;
    /** Page length; -1 until the viewer pages: every participant is on the page. */
    private int pageSize = -1;
    /** Who gets video now, as last applied. */
    private List<VideoTrackAssignment> assigned = List.of();
    private final OfferCycle offers = new OfferCycle();
    private boolean remoteSet;
    private volatile boolean connected;
    private boolean ended;
    private int transportSequence;
    private long nextBitrateNanos;

    RoomViewerSession(RoomHost host, RoomViewers viewers, String room, String id, SessionListener listener,
                      LocalTransport local, List<String> participants, int maxVideoTracks,
                      DataChannelSettings dataSettings) {
        this.host = host;
        this.viewers = viewers;
        this.room = room;
        this.id = id;
        this.listener = listener;
        this.local = local;
        this.wanted = List.copyOf(participants);
        this.maxVideo = maxVideoTracks;
        this.roomOffers = new RoomOffers(room, id, local, dataSettings.enabled());
        this.slots = new RoomSlots(roomOffers, offers::changed);
        this.dataChannel = new RoomDataChannel(host, viewers, this, room, id, dataSettings.playerDistribution());
    }

    void attach(PeerTransport transport) {
        this.transport = transport;
    }

    @Override
    public String streamId() {
        return room;
    }

    // ---- control (any thread)

    @Override
    public void participants(List<String> streamIds) {
        List<String> copy = List.copyOf(streamIds);
        host.queueOnLoop(() -> {
            boolean changed = !copy.equals(wanted);
            wanted = copy;
            pinned.retainAll(copy);
            if (changed) {
                dataChannel.announceParticipants();
            }
            update();
            if (changed) {
                applyForwarding(); // the page may cover other participants now
            }
        });
    }

    @Override
    public void enableParticipant(String streamId, boolean enabled) {
        host.queueOnLoop(() -> {
            toggle(disabled, streamId, !enabled);
            applyForwarding();
        });
    }

    @Override
    public void enableMedia(String streamId, MediaKind kind, boolean enabled) {
        host.queueOnLoop(() -> {
            toggle(kind == MediaKind.VIDEO ? videoOff : audioOff, streamId, !enabled);
            applyForwarding();
        });
    }

    @Override
    public void maxVideoTracks(int count) {
        host.queueOnLoop(() -> {
            maxVideo = count;
            applyForwarding();
        });
    }

    @Override
    public void pinVideo(String streamId, boolean pin) {
        host.queueOnLoop(() -> {
            if (!pin) {
                pinned.remove(streamId);
            } else if (wanted.contains(streamId)) {
                pinned.add(streamId);
            } else {
                LOG.debug("{}: room viewer {} pinned {}, which it does not receive; ignored", room, id, streamId);
            }
            applyForwarding();
        });
    }

    @Override
    public void videoPage(int offset, int size) {
        if (offset < 0 || size < 0) {
            throw new IllegalArgumentException("offset and size must not be negative: " + offset + ", " + size);
        }
        host.queueOnLoop(() -> {
            pageOffset = offset;
            pageSize = size;
            applyForwarding();
        });
    }

    @Override
    public void requestVideoAssignments() {
        host.queueOnLoop(() -> {
            if (ended) {
                return;
            }
            listener.videoTrackAssignments(assigned);
            dataChannel.announceVideoAssignments();
        });
    }

    private static void toggle(Set<String> set, String streamId, boolean member) {
        if (member) {
            set.add(streamId);
        } else {
            set.remove(streamId);
        }
    }

    @Override
    public void remoteDescription(String type, String sdp) {
        if (!"answer".equals(type)) {
            LOG.debug("{}: room viewer {} sent a {}, not an answer; ignored", room, id, type);
            return;
        }
        ViewerAnswer answer;
        try {
            answer = ViewerAnswer.parse(sdp);
        } catch (SdpRejectedException | SdpParseException e) {
            LOG.debug("{}: room viewer {} sent an unusable answer: {}", room, id, e.getMessage());
            host.onLoop(() -> end(EndReason.BAD_ANSWER));
            return;
        }
        host.onLoop(() -> onAnswer(answer));
    }

    @Override
    public void remoteCandidate(Integer label, String mid, String candidate) {
        // ICE-lite: the viewer's connectivity checks reveal its address.
    }

    @Override
    public boolean receivingMedia() {
        return connected;
    }

    @Override
    public void close() {
        host.onLoop(() -> end(null));
    }

    // ---- negotiation (media loop)

    /** Sends the first offer (with trickled candidates). */
    void start() {
        if (ended) {
            return;
        }
        slots.reconcile(wanted, host::livePublisher);
        List<String> mids = sendOffer().mids();
        for (int index = 0; index < mids.size(); index++) {
            for (IceCandidate c : local.candidates()) {
                listener.localCandidate(index, mids.get(index), c.format());
            }
        }
    }

    private void onAnswer(ViewerAnswer answer) {
        if (ended || !offers.answered()) {
            LOG.debug("{}: room viewer {} answered without an outstanding offer; ignored", room, id);
            return;
        }
        if (!remoteSet) {
            remoteSet = true;
            transport.setRemote(answer.remote());
        } else {
            transport.expectSsrcs(answer.remote().ssrcs()); // RTCP from transceivers a re-offer added
        }
        if (roomOffers.dataChannelOffered() && answer.acceptsDataChannel()) {
            dataChannel.accepted(transport, answer.dataMaxMessageSize(), connected);
        }
        slots.answered(answer.sections());
        applyForwarding();
        update();
    }

    /** Brings the slots in line with the wanted participants and re-offers when they changed. */
    private void update() {
        if (ended) {
            return;
        }
        if (slots.reconcile(wanted, host::livePublisher)) {
            applyForwarding(); // a departed participant's video goes to the next in line
        }
        if (offers.due()) {
            sendOffer();
        }
    }

    private RoomPlayOffer sendOffer() {
        long version = offers.sent(System.nanoTime());
        RoomPlayOffer offer = roomOffers.build(version, slots.offer());
        LOG.debug("{}: offer {} to room viewer {} carries {}", room, version, id, offer.idMapping().values());
        listener.localDescription("offer", offer.sdp(), offer.idMapping());
        return offer;
    }

    /**
     * Subscribes answered participants once connected and applies the toggles and the video assignment
     * ({@link VideoSelection}); tells the viewer's data channel when who gets video changed.
     */
    private void applyForwarding() {
        if (!connected || ended) {
            return;
        }
        slots.startForwarding(id, broadcast -> host.viewerSink(broadcast, this));
        List<VideoTrackAssignment> video = VideoSelection.choose(wanted, pinned, pageOffset, pageSize, maxVideo,
                this::videoSendable);
        slots.enableTracks(participant -> assigned(video, participant),
                participant -> !disabled.contains(participant) && !audioOff.contains(participant));
        if (!video.equals(assigned)) {
            assigned = video;
            dataChannel.announceVideoAssignments();
        }
    }

    /** Forwarded, switched on, and its video section accepted by the viewer. */
    private boolean videoSendable(String participant) {
        if (disabled.contains(participant) || videoOff.contains(participant)) {
            return false;
        }
        return slots.videoForwarded(participant);
    }

    private static boolean assigned(List<VideoTrackAssignment> video, String participant) {
        for (VideoTrackAssignment a : video) {
            if (a.participant().equals(participant)) {
                return true;
            }
        }
        return false;
    }

    // ---- transport events (media loop)

    @Override
    public void onConnected(SrtpProfile profile) {
        if (ended) {
            return;
        }
        connected = true;
        LOG.debug("{}: room viewer {} connected ({})", room, id, profile);
        dataChannel.connected();
        applyForwarding();
        listener.started();
    }

    @Override
    public void onRtcp(byte[] buf, int off, int len) {
        if (ended) {
            return;
        }
        slots.onRtcp(buf, off, len);
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        dataChannel.onPacket(buf, off, len);
    }

    @Override
    public void onClosed(CloseReason reason) {
        LOG.debug("{}: room viewer {} transport closed ({})", room, id, reason);
        end(EndReason.TRANSPORT_CLOSED);
    }

    // ---- MediaSink (media loop, called by the participants' broadcasts)

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

    /** Periodic work: timeouts, participants whose publisher ended or went live, the bitrate report. */
    void tick(long now, long timeoutNanos, long bitrateIntervalNanos) {
        if (ended) {
            return;
        }
        if (!connected && now - createdNanos > timeoutNanos) {
            LOG.info("{}: room viewer {} did not connect within {} ms, ending it", room, id, timeoutNanos / 1_000_000);
            end(EndReason.NOT_CONNECTED_TIMEOUT);
            return;
        }
        if (offers.overdue(now, timeoutNanos)) {
            LOG.info("{}: room viewer {} did not answer offer {} within {} ms, ending it", room, id, offers.version(),
                    timeoutNanos / 1_000_000);
            end(EndReason.NOT_CONNECTED_TIMEOUT);
            return;
        }
        update();
        if (connected && now - nextBitrateNanos >= 0) {
            if (nextBitrateNanos != 0) {
                reportBitrate();
            }
            nextBitrateNanos = now + bitrateIntervalNanos;
        }
    }

    private void reportBitrate() {
        long target = -1;
        long video = 0;
        long audio = 0;
        for (Viewer viewer : slots.viewers()) {
            target = Math.max(target, viewer.targetBitrate());
            video += viewer.videoBitrate();
            audio += viewer.audioBitrate();
        }
        listener.bitrateMeasurement(target, video, audio);
    }

    /** Ends once: leaves every broadcast, frees the transport, tells the listener unless {@code reason} is null. */
    void end(EndReason reason) {
        if (ended) {
            return;
        }
        ended = true;
        connected = false;
        dataChannel.close();
        slots.vacateAll();
        viewers.ended(this);
        if (transport != null) {
            transport.close();
        }
        if (reason != null) {
            listener.ended(reason);
        }
    }

    // ---- data channel (media loop)

    /** The room this viewer plays. */
    String room() {
        return room;
    }

    /** True when this viewer receives (wants) that participant: its messages come here. */
    boolean receives(String participant) {
        return wanted.contains(participant);
    }

    /** Sends a participant's (or another room viewer's) message; a full queue drops it, counted. */
    void sendData(byte[] payload, boolean binary) {
        dataChannel.send(payload, binary);
    }

    /** The participants it should receive, in display order (what {@link #participants} set last). */
    List<String> wantedParticipants() {
        return wanted;
    }

    /** Who gets video now, as last applied. */
    List<VideoTrackAssignment> videoAssignments() {
        return assigned;
    }
}
