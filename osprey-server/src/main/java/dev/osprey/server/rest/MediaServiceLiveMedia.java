package dev.osprey.server.rest;

import dev.osprey.media.StreamInfo;
import dev.osprey.media.service.MediaService;
import dev.osprey.media.service.ViewerStats;
import dev.osprey.media.service.datachannel.DataSendOutcome;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@link LiveMedia} over a {@link MediaService}: stream figures are the volatile snapshots the media
 * loop publishes; viewer figures and data messages are tasks on the loop, waited for on the worker thread.
 */
public final class MediaServiceLiveMedia implements LiveMedia {

    /** Generous for one task on a loop that runs every 20 ms; short enough not to tie up a worker. */
    static final long MEDIA_LOOP_WAIT_MILLIS = 2000;

    private final MediaService service;

    public MediaServiceLiveMedia(MediaService service) {
        this.service = service;
    }

    @Override
    public Optional<StreamInfo> streamInfo(String streamId) {
        return service.streamInfo(streamId);
    }

    @Override
    public List<ViewerStats> viewers(String streamId) {
        try {
            return service.viewerStats(streamId).get(MEDIA_LOOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RestException(503, "The media path did not report its viewers in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException("collecting viewer statistics failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(503, "Interrupted while collecting viewer statistics");
        }
    }

    @Override
    public DataSendOutcome sendData(String id, byte[] payload, boolean binary) {
        try {
            return service.sendData(id, payload, binary).get(MEDIA_LOOP_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new RestException(503, "The media path did not take the message in time");
        } catch (ExecutionException e) {
            throw new IllegalStateException("sending a data channel message failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException(503, "Interrupted while sending the message");
        }
    }
}
