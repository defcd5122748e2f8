package dev.osprey.media;

/** Everything the broadcast keeps about one of the publisher's tracks; broadcast thread only. */
final class SourceTrack {
    final int index;
    final TrackDescription description;
    final boolean video;
    final VideoCodec codec;
    final ReceiveStatistics statistics;
    final RetransmissionCache cache;
    final LossTracker losses;
    final KeyframeRequester keyframes;
    final BitrateMeter bitrate = new BitrateMeter();
    long packets;
    long keyframesReceived;

    SourceTrack(int index, TrackDescription description, BroadcastOptions options) {
        this.index = index;
        this.description = description;
        this.video = description.kind() == MediaKind.VIDEO;
        this.codec = video ? VideoCodec.of(description.codec()) : VideoCodec.OTHER;
        this.statistics = new ReceiveStatistics(description.clockRate());
        this.cache = new RetransmissionCache(video ? options.videoCacheSlots() : options.audioCacheSlots());
        this.losses = new LossTracker(options.nackRetryInterval(), options.nackMaxRetries(), options.nackMaxAge());
        this.keyframes = new KeyframeRequester(options.keyframeRequestInterval());
    }
}
