package dev.osprey.server.rest;

import dev.osprey.media.StreamInfo;
import dev.osprey.media.service.ViewerStats;
import dev.osprey.media.service.datachannel.DataSendOutcome;

import java.util.List;
import java.util.Optional;

/** What the REST API reads from one application's media path; called on worker threads only. */
public interface LiveMedia {

    /** No media path: nothing is ever live. */
    LiveMedia NONE = new LiveMedia() {
        @Override
        public Optional<StreamInfo> streamInfo(String streamId) {
            return Optional.empty();
        }

        @Override
        public List<ViewerStats> viewers(String streamId) {
            return List.of();
        }

        @Override
        public DataSendOutcome sendData(String id, byte[] payload, boolean binary) {
            return DataSendOutcome.NOT_LIVE;
        }
    };

    /** Picture size, incoming bitrates and codec of a live stream; never blocks. */
    Optional<StreamInfo> streamInfo(String streamId);

    /**
     * The connected viewers of a stream; may wait (bounded) for the media loop.
     *
     * @throws RestException 503 when the media loop does not answer in time
     */
    List<ViewerStats> viewers(String streamId);

    /**
     * Sends the server's data channel message to a live stream (its publisher and viewers) or a
     * conference room's viewers; may wait (bounded) for the media loop.
     *
     * @throws RestException 503 when the media loop does not answer in time
     */
    DataSendOutcome sendData(String id, byte[] payload, boolean binary);
}
