package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.protocol.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

import static dev.osprey.signaling.protocol.Definitions.PUBLISH_TIMEOUT_ERROR;

/**
 * A registered publish must have an offer accepted by the media engine within
 * {@link SignalingConfig#publishTimeoutMs()}; otherwise (no offer, or only refused ones) it would hold
 * its stream id for as long as the socket stays open. When the deadline passes the publisher gets
 * {@code error/publishTimeoutError}, then the publish ends like a {@code stop}. Once a media leg is
 * attached, the engine's own start timeout takes over.
 */
final class PublishDeadline {

    private static final Logger LOG = LoggerFactory.getLogger(PublishDeadline.class);

    private PublishDeadline() {
    }

    /** Starts the deadline of a publication being registered; requires the lock. */
    static SignalingTimer.Scheduled arm(Publication publication) {
        ProtocolSession owner = publication.owner;
        return owner.timer.schedule(owner.config.publishTimeoutMs(), () -> expire(publication));
    }

    /** Stops the deadline (the offer was accepted, or the publish ended); requires the lock. */
    static void cancel(Publication publication) {
        if (publication.deadline != null) {
            publication.deadline.cancel();
            publication.deadline = null;
        }
    }

    /** Runs on the timer's thread: ends the publication if it is still registered without media. */
    private static void expire(Publication publication) {
        ProtocolSession owner = publication.owner;
        ApplicationState state = owner.state;
        List<MediaLeg> legs = List.of();
        state.lock.lock();
        try {
            if (state.publication(publication.streamId) == publication && publication.media == null) {
                LOG.debug("{}: no offer accepted within {} ms, the publish ends", publication.streamId,
                        owner.config.publishTimeoutMs());
                owner.send(Messages.error(PUBLISH_TIMEOUT_ERROR, publication.streamId, "no offer was accepted within "
                        + owner.config.publishTimeoutMs() + " ms"));
                legs = state.endPublication(publication, true);
            }
        } finally {
            state.lock.unlock();
        }
        legs.forEach(MediaLeg::close);
    }
}
