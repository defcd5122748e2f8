package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;

/** One accepted publish: registered from {@code publish} until stop, failure or socket close. Guarded by the application lock. */
final class Publication {

    final String streamId;
    final ProtocolSession owner;
    final String name;
    final String role;
    /** The room (main track) this stream is a participant of, or null. */
    final String room;
    final boolean video;
    final boolean audio;
    final long createdAt;
    /** What the access guard granted; released when the publication ends. */
    final AccessDecision access;
    String metaData;
    /** True once the media engine reports media flowing. */
    boolean live;
    long startTime;
    MediaLeg media;
    /** The media engine continued the previous publisher's stream with this one ({@code session_restored}). */
    boolean restored;
    /** Ends this publish unless an offer is accepted in time ({@link PublishDeadline}); null once cancelled. */
    SignalingTimer.Scheduled deadline;

    Publication(String streamId, ProtocolSession owner, String name, String role, String room, String metaData,
                boolean video, boolean audio, long createdAt, AccessDecision access) {
        this.streamId = streamId;
        this.owner = owner;
        this.name = name;
        this.role = role;
        this.room = room;
        this.metaData = metaData;
        this.video = video;
        this.audio = audio;
        this.createdAt = createdAt;
        this.access = access;
    }
}
