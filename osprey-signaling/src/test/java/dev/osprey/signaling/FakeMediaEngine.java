package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaEngine;
import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.media.MediaRefusedException;
import dev.osprey.signaling.media.RoomLeg;
import dev.osprey.signaling.media.StreamDetails;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A media engine that records what the signalling asks and lets the test play the engine's part. */
final class FakeMediaEngine implements MediaEngine {

    final Map<String, FakeLeg> publishers = new ConcurrentHashMap<>();
    final Map<String, FakeLeg> viewers = new ConcurrentHashMap<>();
    final Map<String, FakeRoomLeg> rooms = new ConcurrentHashMap<>();
    volatile String refusePlayWith;
    volatile MediaRefusedException refusePublishWith;
    volatile StreamDetails details;

    @Override
    public MediaLeg publish(String streamId, String offerSdp, boolean video, boolean audio, MediaListener listener)
            throws MediaRefusedException {
        if (refusePublishWith != null) {
            throw refusePublishWith;
        }
        FakeLeg leg = new FakeLeg(listener, offerSdp, video, audio, List.of());
        publishers.put(streamId, leg);
        listener.localDescription("answer", "answer-for-" + streamId, null);
        return leg;
    }

    @Override
    public MediaLeg play(String streamId, List<String> trackList, MediaListener listener) throws MediaRefusedException {
        if (refusePlayWith != null) {
            throw new MediaRefusedException(refusePlayWith);
        }
        FakeLeg leg = new FakeLeg(listener, null, true, true, trackList);
        viewers.put(streamId, leg);
        listener.localDescription("offer", "offer-for-" + streamId, Map.of("0", "ARDAMSv" + streamId));
        return leg;
    }

    @Override
    public RoomLeg playRoom(String room, List<String> participants, int maxVideoTracks, MediaListener listener)
            throws MediaRefusedException {
        if (refusePlayWith != null) {
            throw new MediaRefusedException(refusePlayWith);
        }
        FakeRoomLeg leg = new FakeRoomLeg(listener, participants, maxVideoTracks);
        rooms.put(room, leg);
        listener.localDescription("offer", "room-offer-for-" + room, Map.of());
        return leg;
    }

    @Override
    public StreamDetails streamInfo(String streamId) {
        return details;
    }

    static class FakeLeg implements MediaLeg {

        final MediaListener listener;
        final String offer;
        final boolean video;
        final boolean audio;
        final List<String> trackList;
        final List<String> remoteDescriptions = new ArrayList<>();
        final List<String> remoteCandidates = new ArrayList<>();
        int closes;
        boolean closedForTakeover;
        volatile boolean receiving = true;

        FakeLeg(MediaListener listener, String offer, boolean video, boolean audio, List<String> trackList) {
            this.listener = listener;
            this.offer = offer;
            this.video = video;
            this.audio = audio;
            this.trackList = trackList;
        }

        @Override
        public synchronized void remoteDescription(String type, String sdp) {
            remoteDescriptions.add(type + ":" + sdp);
        }

        @Override
        public synchronized void remoteCandidate(Integer label, String mid, String candidate) {
            remoteCandidates.add(label + "/" + mid + "/" + candidate);
        }

        @Override
        public boolean receivingMedia() {
            return receiving;
        }

        @Override
        public synchronized void close() {
            closes++;
        }

        @Override
        public synchronized void closeForTakeover() {
            closedForTakeover = true;
            close();
        }
    }

    /** A room play: records every participant list and control call, in order. */
    static final class FakeRoomLeg extends FakeLeg implements RoomLeg {

        final int initialMaxVideoTracks;
        final List<List<String>> participantLists = new ArrayList<>();
        final List<String> controls = new ArrayList<>();

        FakeRoomLeg(MediaListener listener, List<String> participants, int maxVideoTracks) {
            super(listener, null, true, true, List.of());
            this.initialMaxVideoTracks = maxVideoTracks;
            participantLists.add(List.copyOf(participants));
        }

        /** The participants the engine was last told to send. */
        synchronized List<String> current() {
            return participantLists.get(participantLists.size() - 1);
        }

        @Override
        public synchronized void participants(List<String> streamIds) {
            participantLists.add(List.copyOf(streamIds));
        }

        @Override
        public synchronized void enableParticipant(String streamId, boolean enabled) {
            controls.add("track " + streamId + " " + enabled);
        }

        @Override
        public synchronized void enableMedia(String streamId, boolean video, boolean enabled) {
            controls.add((video ? "video " : "audio ") + streamId + " " + enabled);
        }

        @Override
        public synchronized void maxVideoTracks(int count) {
            controls.add("max " + count);
        }

        @Override
        public synchronized void pinVideo(String streamId, boolean pinned) {
            controls.add("pin " + streamId + " " + pinned);
        }

        @Override
        public synchronized void videoPage(int offset, int size) {
            controls.add("page " + offset + " " + size);
        }

        @Override
        public synchronized void requestVideoAssignments() {
            controls.add("assignments?");
        }
    }
}
