package dev.osprey.server.media;

import dev.osprey.media.MediaKind;
import dev.osprey.ingest.broadcast.IngestTarget;
import dev.osprey.media.StreamInfo;
import dev.osprey.media.service.FramePublisher;
import dev.osprey.media.service.EndReason;
import dev.osprey.media.service.MediaException;
import dev.osprey.media.service.MediaService;
import dev.osprey.media.service.MediaSession;
import dev.osprey.media.service.SessionListener;
import dev.osprey.media.service.negotiation.PublishedTrack;
import dev.osprey.media.service.room.RoomPlaySession;
import dev.osprey.media.service.room.VideoTrackAssignment;
import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.media.StreamDetails;
import dev.osprey.signaling.media.VideoAssignment;
import dev.osprey.signaling.protocol.Definitions;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The signalling's media SPI served by one application's {@link MediaService}. */
public final class SfuMediaEngine implements MediaEngine {

    private final MediaService service;

    public SfuMediaEngine(MediaService service) {
        this.service = service;
    }

    @Override
    public MediaLeg publish(String streamId, String offerSdp, boolean video, boolean audio, MediaListener listener)
            throws MediaRefusedException {
        try {
            return new Leg(service.publish(streamId, offerSdp, video, audio, new Listener(listener)));
        } catch (MediaException e) {
            throw refusal(e);
        }
    }

    /** Plays the whole stream; {@code trackList} selects conference subtracks, which a single stream has none of. */
    @Override
    public MediaLeg play(String streamId, List<String> trackList, MediaListener listener) throws MediaRefusedException {
        try {
            return new Leg(service.play(streamId, new Listener(listener)));
        } catch (MediaException e) {
            throw refusal(e);
        }
    }

    @Override
    public RoomLeg playRoom(String room, List<String> participants, int maxVideoTracks, MediaListener listener)
            throws MediaRefusedException {
        try {
            return new RoomPlay(service.playRoom(room, participants, maxVideoTracks, new Listener(listener)));
        } catch (MediaException e) {
            throw refusal(e);
        }
    }

    /** A viewer that brought its own offer (WHEP): the answer goes to {@code listener} before this returns. */
    public MediaLeg playWithOffer(String streamId, String offerSdp, MediaListener listener)
            throws MediaRefusedException {
        try {
            return new Leg(service.playWithOffer(streamId, offerSdp, new Listener(listener)));
        } catch (MediaException e) {
            throw refusal(e);
        }
    }

    /**
     * A frame source (RTMP, SRT ingest) publishes {@code tracks}: the leg the signalling holds, and the
     * publisher that takes the frames.
     */
    public IngestTarget.FrameSource publishFrames(String streamId, List<PublishedTrack> tracks, MediaListener listener)
            throws MediaRefusedException {
        try {
            FramePublisher frames = service.publishFrames(streamId, tracks, new Listener(listener));
            return new IngestTarget.FrameSource(new Leg(frames), frames);
        } catch (MediaException e) {
            throw refusal(e);
        }
    }

    @Override
    public StreamDetails streamInfo(String streamId) {
        Optional<StreamInfo> info = service.streamInfo(streamId);
        return info.map(i -> new StreamDetails(i.width(), i.height(), i.videoBitrate(), i.audioBitrate(),
                i.videoCodec())).orElse(null);
    }

    private static MediaRefusedException refusal(MediaException e) {
        return switch (e.kind()) {
            case NO_STREAM -> new MediaRefusedException(Definitions.NO_STREAM_EXIST, e.getMessage());
            case UNACCEPTABLE_OFFER -> new MediaRefusedException(Definitions.NOT_SET_REMOTE_DESCRIPTION, e.getMessage());
        };
    }

    /** A publish or play leg: the signalling's calls go to the media session as they are. */
    private static class Leg implements MediaLeg {
        private final MediaSession session;

        Leg(MediaSession session) {
            this.session = session;
        }

        @Override
        public void remoteDescription(String type, String sdp) {
            session.remoteDescription(type, sdp);
        }

        @Override
        public void remoteCandidate(Integer label, String mid, String candidate) {
            session.remoteCandidate(label, mid, candidate);
        }

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

    /** A conference play: a leg with the room controls on top. */
    private static final class RoomPlay extends Leg implements RoomLeg {
        private final RoomPlaySession session;

        RoomPlay(RoomPlaySession session) {
            super(session);
            this.session = session;
        }

        @Override
        public void participants(List<String> streamIds) {
            session.participants(streamIds);
        }

        @Override
        public void enableParticipant(String streamId, boolean enabled) {
            session.enableParticipant(streamId, enabled);
        }

        @Override
        public void enableMedia(String streamId, boolean video, boolean enabled) {
            session.enableMedia(streamId, video ? MediaKind.VIDEO : MediaKind.AUDIO, enabled);
        }

        @Override
        public void maxVideoTracks(int count) {
            session.maxVideoTracks(count);
        }

        @Override
        public void pinVideo(String streamId, boolean pinned) {
            session.pinVideo(streamId, pinned);
        }

        @Override
        public void videoPage(int offset, int size) {
            session.videoPage(offset, size);
        }

        @Override
        public void requestVideoAssignments() {
            session.requestVideoAssignments();
        }
    }

    private record Listener(MediaListener target) implements SessionListener {
        @Override
        public void localDescription(String type, String sdp, Map<String, String> idMapping) {
            target.localDescription(type, sdp, idMapping);
        }

        @Override
        public void localCandidate(int label, String mid, String candidate) {
            target.localCandidate(label, mid, candidate);
        }

        @Override
        public void started() {
            target.started();
        }

        @Override
        public void streamRestored() {
            target.streamRestored();
        }

        @Override
        public void ended(EndReason reason) {
            target.ended();
        }

        @Override
        public void renegotiationFailed(String reason) {
            target.renegotiationFailed(reason);
        }

        @Override
        public void bitrateMeasurement(long targetBitrate, long videoBitrate, long audioBitrate) {
            target.bitrateMeasurement(targetBitrate, videoBitrate, audioBitrate);
        }

        @Override
        public void videoTrackAssignments(List<VideoTrackAssignment> assignments) {
            target.videoTrackAssignments(assignments.stream()
                    .map(a -> new VideoAssignment(a.participant(), a.pinned())).toList());
        }
    }
}
