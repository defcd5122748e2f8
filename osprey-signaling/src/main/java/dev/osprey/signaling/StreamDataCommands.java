package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.StreamDetails;
import dev.osprey.signaling.protocol.BroadcastInfo;
import dev.osprey.signaling.protocol.Command;
import dev.osprey.signaling.protocol.Messages;

import java.util.ArrayList;
import java.util.List;

/**
 * The commands that read what the application knows of a stream or room, whoever publishes it:
 * {@code getStreamInfo}, {@code getBroadcastObject}, {@code getTrackList}, {@code getSubtracks},
 * {@code getSubtracksCount}, and {@code updateStreamMetaData}, which annotates a registered stream.
 * Runs on the session's thread; calls the engine only with the lock released.
 */
final class StreamDataCommands {

    private final ProtocolSession session;
    private final ApplicationState state;
    private final MediaEngine engine;

    StreamDataCommands(ProtocolSession session, MediaEngine engine) {
        this.session = session;
        this.state = session.state;
        this.engine = engine;
    }

    /** {@code streamInformation} for a live stream or room, with the engine's figures when it has them. */
    void getStreamInfo(Command command, String streamId) {
        boolean live;
        state.lock.lock();
        try {
            live = state.isLive(streamId);
        } finally {
            state.lock.unlock();
        }
        StreamDetails details = live ? engine.streamInfo(streamId) : null;
        if (!live) {
            session.send(Messages.noStreamExist(streamId));
        } else if (details == null) {
            session.send(Messages.streamInformation(streamId));
        } else {
            session.send(Messages.streamInformation(streamId, details.width(), details.height(),
                    details.videoBitrate(), details.audioBitrate(), details.videoCodec()));
        }
    }

    void getBroadcastObject(Command command, String streamId) {
        session.locked(() -> {
            Publication publication = state.publication(streamId);
            Room room = state.room(streamId);
            if (publication != null) {
                session.send(Messages.broadcastObject(broadcastOf(publication)));
            } else if (room != null) {
                session.send(Messages.broadcastObject(broadcastOf(room)));
            } else {
                session.send(Messages.noStreamExist(streamId));
            }
        });
    }

    /** A room's track list is its participants' stream ids; a plain stream has no subtracks. */
    void getTrackList(Command command, String streamId) {
        session.locked(() -> {
            Room room = state.room(streamId);
            if (room != null) {
                session.send(Messages.trackList(streamId, new ArrayList<>(room.streams.keySet())));
            } else if (state.publication(streamId) != null) {
                session.send(Messages.trackList(streamId, List.of()));
            } else {
                session.send(Messages.noStreamExist(streamId));
            }
        });
    }

    /** The participants of a room as Broadcast JSON strings, filtered by {@code role}, paged by {@code offset}/{@code size}. */
    void getSubtracks(Command command, String streamId) {
        String role = command.text("role");
        int offset = Math.max(0, command.integer("offset", 0));
        int size = command.integer("size", Integer.MAX_VALUE);
        session.locked(() -> {
            List<BroadcastInfo> page = subtracks(streamId, role, null).stream()
                    .skip(offset).limit(Math.max(0, size)).toList();
            session.send(Messages.subtrackList(streamId, page));
        });
    }

    void getSubtracksCount(Command command, String streamId) {
        String role = command.text("role");
        String status = command.text("status");
        session.locked(() -> session.send(Messages.subtrackCount(streamId, subtracks(streamId, role, status).size())));
    }

    /** Requires the lock. */
    private List<BroadcastInfo> subtracks(String roomName, String role, String status) {
        Room room = state.room(roomName);
        List<BroadcastInfo> out = new ArrayList<>();
        if (room == null) {
            return out;
        }
        for (Publication publication : room.streams.values()) {
            BroadcastInfo info = broadcastOf(publication);
            if ((role == null || role.equals(info.role())) && (status == null || status.equals(info.status()))) {
                out.add(info);
            }
        }
        return out;
    }

    /** Replaces a registered stream's {@code metaData}; silent on success like Ant Media. */
    void updateStreamMetaData(Command command, String streamId) {
        String metaData = command.freeText("metaData", "metadata");
        session.locked(() -> {
            Publication publication = state.publication(streamId);
            if (publication == null) {
                session.send(Messages.noStreamExist(streamId));
            } else {
                publication.metaData = metaData;
            }
        });
    }

    /** Ant Media's Broadcast object of a published stream; requires the lock. */
    private BroadcastInfo broadcastOf(Publication publication) {
        return new BroadcastInfo(publication.streamId, publication.live ? "broadcasting" : "preparing",
                publication.name, publication.createdAt, publication.startTime, publication.metaData,
                publication.role, publication.room == null ? "" : publication.room, List.of(),
                state.viewerCount(publication.streamId));
    }

    /** A room seen as Ant Media's main-track Broadcast: its participants are the subtracks; requires the lock. */
    private BroadcastInfo broadcastOf(Room room) {
        boolean live = room.hasLiveStream();
        long startTime = 0;
        for (Publication publication : room.streams.values()) {
            if (publication.live && (startTime == 0 || publication.startTime < startTime)) {
                startTime = publication.startTime;
            }
        }
        return new BroadcastInfo(room.name, live ? "broadcasting" : "created", room.name, room.createdAt, startTime,
                "", "", "", new ArrayList<>(room.streams.keySet()), state.viewerCount(room.name));
    }
}
