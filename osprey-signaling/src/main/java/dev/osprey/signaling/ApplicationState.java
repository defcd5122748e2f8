package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.protocol.Definitions;
import dev.osprey.signaling.protocol.Messages;
import dev.osprey.signaling.protocol.RoomStream;
import dev.osprey.signaling.protocol.StreamIds;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Everything one application's sessions share: the stream registry, viewers and rooms, and the P2P
 * {@link #pairs}. Every method requires {@link #lock} to be held; it protects this object, its
 * {@link PeerPairs} and the connection state of every {@link ProtocolSession}. Messages are sent while holding the lock so that every client sees
 * events in the order the state changed ({@link ClientConnection#send} never blocks). Media legs are
 * returned to the caller to be closed after the lock is released.
 */
final class ApplicationState {

    final ReentrantLock lock = new ReentrantLock();
    final SignalingEvents events;
    final AccessGuard guard;
    final PeerPairs pairs = new PeerPairs();

    ApplicationState(SignalingEvents events, AccessGuard guard) {
        this.events = events;
        this.guard = guard;
    }

    private final Set<ProtocolSession> sessions = new LinkedHashSet<>();
    private final Map<String, Publication> publications = new HashMap<>();
    private final Map<String, Set<Playback>> playbacks = new HashMap<>();
    private final Map<String, Room> rooms = new HashMap<>();
    /** Stream ids handed out by {@code joinRoom}, to keep them unique across sockets. */
    private final Map<String, ProtocolSession> memberIds = new HashMap<>();

    // ---- sessions

    void addSession(ProtocolSession session) {
        sessions.add(session);
    }

    void removeSession(ProtocolSession session) {
        sessions.remove(session);
    }

    int sessionCount() {
        return sessions.size();
    }

    List<ProtocolSession> sessions() {
        return new ArrayList<>(sessions);
    }

    // ---- streams

    Publication publication(String streamId) {
        return publications.get(streamId);
    }

    /** True when another socket publishes {@code streamId} or was given it by {@code joinRoom}. */
    boolean streamIdTakenByOther(String streamId, ProtocolSession session) {
        Publication publication = publications.get(streamId);
        if (publication != null && publication.owner != session) {
            return true;
        }
        return memberIdTakenByOther(streamId, session);
    }

    /** True when {@code joinRoom} gave {@code streamId} to another socket. */
    boolean memberIdTakenByOther(String streamId, ProtocolSession session) {
        ProtocolSession member = memberIds.get(streamId);
        return member != null && member != session;
    }

    /** A fresh id no stream, member or room uses. */
    String freshStreamId() {
        String id;
        do {
            id = StreamIds.generate();
        } while (publications.containsKey(id) || memberIds.containsKey(id) || rooms.containsKey(id));
        return id;
    }

    /** A stream is live when its media flows, and a room (main track) when any of its streams is live. */
    boolean isLive(String streamId) {
        Publication publication = publications.get(streamId);
        if (publication != null) {
            return publication.live;
        }
        Room room = rooms.get(streamId);
        return room != null && room.hasLiveStream();
    }

    /**
     * Registers an accepted publish, which must have its offer accepted before its
     * {@link PublishDeadline} passes.
     */
    void addPublication(Publication publication) {
        publications.put(publication.streamId, publication);
        publication.deadline = PublishDeadline.arm(publication);
        if (publication.room == null) {
            return;
        }
        roomOrCreate(publication.room).streams.put(publication.streamId, publication);
    }

    /**
     * A room's stream started sending media: the other members get {@code streamJoined} (they can
     * play it now), and every play of the room receives it ({@code subtrackAdded}, re-offer).
     */
    void publicationLive(Publication publication) {
        Room room = publication.room == null ? null : rooms.get(publication.room);
        if (room == null || room.streams.get(publication.streamId) != publication) {
            return;
        }
        String joined = Messages.notification(Definitions.STREAM_JOINED, publication.streamId);
        room.members.keySet().stream()
                .filter(member -> member != publication.owner)
                .forEach(member -> member.send(joined));
        roomChanged(room.name, publication, Definitions.SUBTRACK_ADDED);
    }

    /**
     * Tells every play of the room about {@code changed} (when it selects it) and hands each its new
     * participant list; the room legs only queue the change, so this is done under the lock.
     */
    private void roomChanged(String roomName, Publication changed, String definition) {
        Set<Playback> viewers = playbacks.get(roomName);
        if (viewers == null) {
            return;
        }
        String note = Messages.subtrack(definition, roomName, changed.streamId);
        for (Playback playback : viewers) {
            if (playback.room == null) {
                continue;
            }
            if (playback.room.wants(changed, playback.viewer)) {
                playback.viewer.send(note);
            }
            if (playback.media instanceof RoomLeg leg) {
                leg.participants(participants(roomName, playback));
            }
        }
    }

    /** The live participants a room play receives, in arrival order. */
    List<String> participants(String roomName, Playback playback) {
        Room room = rooms.get(roomName);
        List<String> out = new ArrayList<>();
        if (room == null || playback.room == null) {
            return out;
        }
        for (Publication publication : room.streams.values()) {
            if (playback.room.wants(publication, playback.viewer)) {
                out.add(publication.streamId);
            }
        }
        return out;
    }

    /**
     * Removes a publication: its owner gets {@code publish_finished} (when {@code notifyOwner}), the
     * other room members {@code streamLeaved}, its viewers {@code play_finished}.
     *
     * @return the media legs to close once the lock is released
     */
    List<MediaLeg> endPublication(Publication publication, boolean notifyOwner) {
        List<MediaLeg> legs = new ArrayList<>();
        if (publications.get(publication.streamId) != publication) {
            return legs;
        }
        publications.remove(publication.streamId);
        publication.owner.publishing.remove(publication.streamId);
        publication.access.release().run();
        PublishDeadline.cancel(publication);
        events.publishFinished(publication.streamId, publication.live);
        addLeg(legs, publication.media);
        if (notifyOwner) {
            publication.owner.send(Messages.notification(Definitions.PUBLISH_FINISHED, publication.streamId));
        }
        if (publication.room != null) {
            Room room = rooms.get(publication.room);
            if (room != null && room.streams.remove(publication.streamId) != null) {
                // Members were told of the stream when it went live; one that never did is not announced.
                if (publication.live) {
                    String leaved = Messages.notification(Definitions.STREAM_LEAVED, publication.streamId);
                    room.members.keySet().stream()
                            .filter(member -> member != publication.owner)
                            .forEach(member -> member.send(leaved));
                }
                dropIfEmpty(room);
                roomChanged(room.name, publication, Definitions.SUBTRACK_REMOVED);
            }
        }
        Set<Playback> viewers = playbacks.remove(publication.streamId);
        if (viewers != null) {
            String finished = Messages.notification(Definitions.PLAY_FINISHED, publication.streamId);
            for (Playback playback : viewers) {
                playback.viewer.playing.remove(playback.streamId);
                playback.access.release().run();
                playFinished(playback);
                playback.viewer.send(finished);
                addLeg(legs, playback.media);
            }
        }
        return legs;
    }

    /**
     * A reconnecting publisher takes over the stale {@code publication} (its media stopped): it ends like
     * {@link #endPublication} except that its viewers stay, without {@code play_finished}, for the
     * publication of the same id that follows (the media engine moves their legs, or ends them).
     *
     * @return the old publisher's media leg, to {@link MediaLeg#closeForTakeover()} once the lock is released
     */
    MediaLeg takeOver(Publication publication) {
        Set<Playback> viewers = playbacks.remove(publication.streamId);
        MediaLeg leg = publication.media;
        publication.media = null;
        endPublication(publication, true); // nothing left to close: no leg, no viewers
        if (viewers != null) {
            playbacks.put(publication.streamId, viewers);
        }
        return leg;
    }

    // ---- viewers

    void addPlayback(Playback playback) {
        playbacks.computeIfAbsent(playback.streamId, id -> new LinkedHashSet<>()).add(playback);
        playback.viewer.playing.put(playback.streamId, playback);
    }

    /** Forgets a playback; its viewer gets {@code play_finished} when {@code notifyViewer}. Returns the leg to close or null. */
    MediaLeg endPlayback(Playback playback, boolean notifyViewer) {
        if (playback.viewer.playing.get(playback.streamId) != playback) {
            return null;
        }
        playback.viewer.playing.remove(playback.streamId);
        playback.access.release().run();
        playFinished(playback);
        Set<Playback> viewers = playbacks.get(playback.streamId);
        if (viewers != null) {
            viewers.remove(playback);
            if (viewers.isEmpty()) {
                playbacks.remove(playback.streamId);
            }
        }
        if (notifyViewer) {
            playback.viewer.send(Messages.notification(Definitions.PLAY_FINISHED, playback.streamId));
        }
        return playback.media;
    }

    /** Reports the end of a play whose media had started ({@link Playback#started}). */
    private void playFinished(Playback playback) {
        if (playback.started) {
            events.playFinished(playback.streamId);
        }
    }

    int viewerCount(String streamId) {
        Set<Playback> viewers = playbacks.get(streamId);
        return viewers == null ? 0 : viewers.size();
    }

    // ---- rooms

    Room room(String name) {
        return rooms.get(name);
    }

    void addMember(String roomName, ProtocolSession session, String memberId) {
        Room room = roomOrCreate(roomName);
        String previous = room.members.put(session, memberId);
        if (previous != null && !previous.equals(memberId)) {
            memberIds.remove(previous, session);
        }
        memberIds.put(memberId, session);
        session.rooms.put(roomName, memberId);
    }

    /** Removes a member; its streams in the room end ({@code publish_finished} to it when {@code notifyOwner}). */
    List<MediaLeg> removeMember(String roomName, ProtocolSession session, boolean notifyOwner) {
        List<MediaLeg> legs = new ArrayList<>();
        String memberId = session.rooms.remove(roomName);
        Room room = rooms.get(roomName);
        if (memberId == null || room == null) {
            return legs;
        }
        room.members.remove(session);
        memberIds.remove(memberId, session);
        for (Publication publication : new ArrayList<>(room.streams.values())) {
            if (publication.owner == session) {
                legs.addAll(endPublication(publication, notifyOwner));
            }
        }
        dropIfEmpty(room);
        return legs;
    }

    /** The live streams published into a room (those a member can play), except {@code excludedId} (the asking participant's own). */
    List<RoomStream> roomStreams(String roomName, String excludedId) {
        Room room = rooms.get(roomName);
        List<RoomStream> out = new ArrayList<>();
        if (room == null) {
            return out;
        }
        for (Publication publication : room.streams.values()) {
            if (publication.live && !publication.streamId.equals(excludedId)) {
                out.add(new RoomStream(publication.streamId, publication.name, publication.metaData));
            }
        }
        return out;
    }

    private Room roomOrCreate(String name) {
        return rooms.computeIfAbsent(name, n -> new Room(n, System.currentTimeMillis()));
    }

    private void dropIfEmpty(Room room) {
        if (room.isEmpty()) {
            rooms.remove(room.name, room);
        }
    }

    /** Adds {@code leg} unless it is null (a play whose engine has not answered yet has none). */
    static void addLeg(List<MediaLeg> legs, MediaLeg leg) {
        if (leg != null) {
            legs.add(leg);
        }
    }

    /** Test and diagnostics view: how many publications, pairs and rooms are registered. */
    Map<String, Integer> sizes() {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        sizes.put("publications", publications.size());
        sizes.put("playbacks", playbacks.size());
        sizes.put("pairs", pairs.size());
        sizes.put("rooms", rooms.size());
        sizes.put("memberIds", memberIds.size());
        return sizes;
    }
}
