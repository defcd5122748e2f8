package dev.osprey.media.service.datachannel;

/** What became of a message handed to {@link dev.osprey.media.service.MediaService#sendData}. */
public enum DataSendOutcome {
    /** Queued for every receiver with an open channel (a receiver whose queue is full loses its copy, counted). */
    SENT,
    /** No live publisher of that stream id and no conference player of a room by that id. */
    NOT_LIVE,
    /** The application's data channels are disabled ({@link DataChannelSettings#enabled()} is false). */
    DATA_CHANNELS_DISABLED,
    /** Larger than {@link dev.osprey.media.service.MediaService#MAX_DATA_MESSAGE_BYTES}. */
    TOO_LARGE
}
