package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.media.MediaStart;
import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * One connection's {@code publish}, {@code play} and {@code stop} of broadcasts, and the
 * {@code takeConfiguration}/{@code takeCandidate} that carry their SDP and candidates to the media
 * engine (or, for an id this connection neither publishes nor plays, to its P2P partner). Runs on the
 * session's thread; calls the engine only with the lock released.
 */
final class BroadcastCommands {

    private static final Logger LOG = LoggerFactory.getLogger(BroadcastCommands.class);

    private final ProtocolSession session;
    private final ApplicationState state;
    private final SignalingConfig config;
    private final MediaEngine engine;
    private final PeerToPeerCommands peerToPeer;

    BroadcastCommands(ProtocolSession session, SignalingConfig config, MediaEngine engine,
                      PeerToPeerCommands peerToPeer) {
        this.session = session;
        this.state = session.state;
        this.config = config;
        this.engine = engine;
        this.peerToPeer = peerToPeer;
    }

    void publish(Command command, String streamId) {
        String name = command.text("streamName");
        String role = command.text("role");
        String metaData = command.freeText("metaData", "metadata");
        String mainTrack = command.text("mainTrack");
        boolean video = command.bool(true, "video", "enableVideo", "enablevideo");
        boolean audio = command.bool(true, "audio", "enableAudio", "enableaudio");
        if (!session.isValidOrAbsent(mainTrack)) {
            return;
        }
        String room;
        state.lock.lock();
        try {
            // Refused before the guard is asked, so that a token is not used up by a publish that cannot
            // start; whether the client proves it owns a stalled stream is only known from the guard.
            String refusal = publishRefusal(streamId, true);
            if (refusal != null) {
                session.send(Messages.error(refusal, streamId));
                return;
            }
            room = mainTrack != null ? mainTrack : roomWhereMemberIdIs(streamId);
        } finally {
            state.lock.unlock();
        }
        AccessRequest request = new AccessRequest(AccessRequest.Kind.PUBLISH, streamId, room, command.text("token"),
                command.text("subscriberId"), command.text("subscriberCode"), session.clientAddress(), name, metaData);
        session.checkAccess(request, access -> {
            MediaLeg replaced = null;
            state.lock.lock();
            try {
                String refusal = session.isClosed() ? "" : publishRefusal(streamId, access.provesOwner());
                if (refusal != null) {
                    access.release().run();
                    if (!refusal.isEmpty()) {
                        session.send(Messages.error(refusal, streamId));
                    }
                    return;
                }
                Publication existing = state.publication(streamId);
                if (existing != null) {
                    LOG.debug("{}: a new publisher takes over the stale stream", streamId);
                    replaced = state.takeOver(existing);
                }
                Publication publication = new Publication(streamId, session, name == null ? streamId : name,
                        role == null ? "" : role, room, metaData, video, audio, System.currentTimeMillis(), access);
                session.publishing.put(streamId, publication);
                session.send(Messages.start(streamId));
                state.addPublication(publication);
            } finally {
                state.lock.unlock();
                if (replaced != null) {
                    replaced.closeForTakeover();
                }
            }
        });
    }

    /**
     * Why this socket may not publish {@code streamId} now, or null when it may; requires the lock.
     * Another socket's publish of the id is taken over only when its media stopped (its socket dropped,
     * its close not seen yet) and the newcomer is the same publisher: it connects from the same address,
     * or it proved itself with a credential for the stream ({@code provesOwner}). Anyone else gets
     * {@code streamIdInUse}, so a stranger cannot hijack a stream whose publisher's network hiccups.
     */
    private String publishRefusal(String streamId, boolean provesOwner) {
        if (session.publishing.containsKey(streamId)) {
            return ALREADY_PUBLISHING;
        }
        if (state.memberIdTakenByOther(streamId, session)) {
            return STREAM_ID_IN_USE;
        }
        Publication existing = state.publication(streamId);
        if (existing == null) {
            return null;
        }
        boolean samePublisher = provesOwner || existing.owner.clientAddress().equals(session.clientAddress());
        return existing.owner != session && isStale(existing) && samePublisher ? null : STREAM_ID_IN_USE;
    }

    /** A live publication whose media stopped flowing; requires the lock. */
    private static boolean isStale(Publication publication) {
        return publication.live && publication.media != null && !publication.media.receivingMedia();
    }

    /** A member that publishes the id {@code joinRoom} gave it publishes into that room; requires the lock. */
    private String roomWhereMemberIdIs(String streamId) {
        for (Map.Entry<String, String> entry : session.rooms.entrySet()) {
            if (entry.getValue().equals(streamId)) {
                return entry.getKey();
            }
        }
        return null;
    }

    void play(Command command, String streamId) {
        List<String> trackList = command.textList("trackList");
        String roomOfStream;
        state.lock.lock();
        try {
            String refusal = playRefusal(streamId);
            if (refusal != null) {
                sendPlayRefusal(refusal, streamId);
                return;
            }
            Publication publication = state.publication(streamId);
            roomOfStream = publication == null ? streamId : publication.room;
        } finally {
            state.lock.unlock();
        }
        AccessRequest request = new AccessRequest(AccessRequest.Kind.PLAY, streamId, roomOfStream, command.text("token"),
                command.text("subscriberId"), command.text("subscriberCode"), session.clientAddress(), null,
                command.freeText("viewerInfo", "metaData"));
        session.checkAccess(request, access -> startPlay(command, streamId, trackList, access));
    }

    /**
     * Why this socket may not play {@code streamId} now, or null; requires the lock. A room (main
     * track) is played as a whole as soon as anyone is in it: the connection comes up with no
     * participant yet and the engine re-offers as they go live.
     */
    private String playRefusal(String streamId) {
        if (session.playing.containsKey(streamId)) {
            return ALREADY_PLAYING;
        }
        return isRoom(streamId) || state.isLive(streamId) ? null : NO_STREAM_EXIST;
    }

    private boolean isRoom(String streamId) {
        return state.publication(streamId) == null && state.room(streamId) != null;
    }

    private void sendPlayRefusal(String refusal, String streamId) {
        session.send(NO_STREAM_EXIST.equals(refusal) ? Messages.noStreamExist(streamId) : Messages.error(refusal, streamId));
    }

    private void startPlay(Command command, String streamId, List<String> trackList, AccessDecision access) {
        Playback playback;
        List<String> participants = null;
        state.lock.lock();
        try {
            String refusal = session.isClosed() ? "" : playRefusal(streamId);
            if (refusal != null) {
                access.release().run();
                if (!refusal.isEmpty()) {
                    sendPlayRefusal(refusal, streamId);
                }
                return;
            }
            boolean room = isRoom(streamId);
            playback = new Playback(streamId, session,
                    room ? RoomSelection.of(trackList, command.text("userPublishId")) : null, access);
            state.addPlayback(playback);
            if (room) {
                participants = state.participants(streamId, playback);
            }
        } finally {
            state.lock.unlock();
        }
        MediaStart bridged = session.bridge == null ? null : session.bridge.takePlayStart(streamId);
        MediaLeg leg;
        try {
            if (bridged != null && participants != null) {
                throw new MediaRefusedException(NO_STREAM_EXIST); // a room has no single stream to answer for
            }
            leg = bridged != null ? bridged.start(new ViewerListener(playback))
                    : participants != null
                    ? engine.playRoom(streamId, participants, config.maxVideoTrackCount(), new ViewerListener(playback))
                    : engine.play(streamId, trackList, new ViewerListener(playback));
        } catch (MediaRefusedException e) {
            session.locked(() -> state.endPlayback(playback, false));
            if (NO_STREAM_EXIST.equals(e.definition())) {
                session.send(Messages.noStreamExist(streamId));
            } else {
                session.send(Messages.error(e.definition(), streamId, e.information()));
            }
            return;
        }
        attach(playback, leg);
    }

    private void attach(Playback playback, MediaLeg leg) {
        state.lock.lock();
        try {
            if (session.playing.get(playback.streamId) == playback && playback.media == null) {
                playback.media = leg;
                if (leg instanceof RoomLeg roomLeg) {
                    // participants that went live or left while the engine was being asked
                    roomLeg.participants(state.participants(playback.streamId, playback));
                }
                return;
            }
        } finally {
            state.lock.unlock();
        }
        leg.close();
    }

    /** Stops this socket's publish or play of the id; harmless (no answer) when there is none. */
    void stop(Command command, String streamId) {
        List<MediaLeg> legs = new ArrayList<>();
        session.locked(() -> {
            Publication publication = session.publishing.get(streamId);
            if (publication != null) {
                legs.addAll(state.endPublication(publication, true));
            }
            Playback playback = session.playing.get(streamId);
            if (playback != null) {
                ApplicationState.addLeg(legs, state.endPlayback(playback, true));
            }
        });
        legs.forEach(MediaLeg::close);
    }

    /**
     * Routes {@code takeConfiguration}: to the media engine for this socket's publish or play, to the
     * partner for a P2P stream. Anything else is answered like Ant Media's P2P path,
     * {@code no_peer_associated_before}, since the server cannot tell what the client meant.
     */
    void takeConfiguration(Command command, String streamId) {
        Target target = targetOf(command, streamId);
        if (target == null) {
            return;
        }
        Publication publication = target.publication;
        MediaLeg leg = target.leg;
        String type = command.text("type");
        String sdp = command.text("sdp");
        if (type == null || sdp == null) {
            session.send(Messages.error(MISSING_PARAMETER, streamId));
            return;
        }
        if (leg != null) {
            leg.remoteDescription(type, sdp);
        } else if (publication != null && type.equals("offer")) {
            startPublishMedia(publication, listener -> engine.publish(publication.streamId, sdp, publication.video,
                    publication.audio, listener));
        }
        // A viewer's answer before the engine's offer is attached cannot apply to anything: dropped.
    }

    /** A bridged client's publish of {@code streamId} gets its media, if it is still waiting for it. */
    void startMedia(String streamId, MediaStart start) {
        Publication publication;
        state.lock.lock();
        try {
            publication = session.publishing.get(streamId);
        } finally {
            state.lock.unlock();
        }
        if (publication != null && publication.media == null) {
            startPublishMedia(publication, start);
        }
    }

    private void startPublishMedia(Publication publication, MediaStart start) {
        MediaLeg leg;
        try {
            leg = start.start(new PublisherListener(publication));
        } catch (MediaRefusedException e) {
            // The publish stays registered: the SDK's watchdog sends stop and publishes again.
            session.send(Messages.error(e.definition(), publication.streamId, e.information()));
            return;
        }
        state.lock.lock();
        try {
            if (session.publishing.get(publication.streamId) == publication && publication.media == null) {
                publication.media = leg;
                PublishDeadline.cancel(publication); // from now on the engine's own start timeout applies
                return;
            }
        } finally {
            state.lock.unlock();
        }
        leg.close();
    }

    /** Routes {@code takeCandidate} like {@link #takeConfiguration}. */
    void takeCandidate(Command command, String streamId) {
        Target target = targetOf(command, streamId);
        if (target == null) {
            return;
        }
        MediaLeg leg = target.leg;
        Integer label = command.integer("label");
        String mid = command.text("id");
        String candidate = command.text("candidate");
        // Candidates for a publish the engine refused (or has not answered yet) have nowhere to go.
        if (leg != null) {
            leg.remoteCandidate(label, mid, candidate == null ? "" : candidate);
        }
    }

    /** This socket's publish of the stream (null when it plays it) and the media leg, if any yet. */
    private record Target(Publication publication, MediaLeg leg) {
    }

    /**
     * Where a {@code takeConfiguration} or {@code takeCandidate} for {@code streamId} goes: this socket's
     * publish or play of it; null when it has neither, after relaying the command to a P2P partner.
     */
    private Target targetOf(Command command, String streamId) {
        state.lock.lock();
        try {
            Publication publication = session.publishing.get(streamId);
            Playback playback = session.playing.get(streamId);
            if (publication == null && playback == null) {
                peerToPeer.relayToPartner(streamId, command);
                return null;
            }
            return new Target(publication, publication != null ? publication.media : playback.media);
        } finally {
            state.lock.unlock();
        }
    }
}
