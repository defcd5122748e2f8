package dev.osprey.signaling;

import dev.osprey.signaling.media.MediaLeg;
import dev.osprey.signaling.media.MediaListener;
import dev.osprey.signaling.protocol.Messages;

import java.util.List;
import java.util.Map;

import static dev.osprey.signaling.protocol.Definitions.*;

/**
 * The media engine's events for one publish, turned into messages to its publisher. Called from any
 * engine thread: every call takes the application lock, and is ignored once that publish has ended.
 */
final class PublisherListener implements MediaListener {

    private final Publication publication;
    private final ProtocolSession publisher;
    private final ApplicationState state;

    PublisherListener(Publication publication) {
        this.publication = publication;
        this.publisher = publication.owner;
        this.state = publisher.state;
    }

    /** Requires the lock. */
    private boolean current() {
        return publisher.publishing.get(publication.streamId) == publication;
    }

    @Override
    public void localDescription(String type, String sdp, Map<String, String> idMapping) {
        sendIfCurrent(Messages.takeConfiguration(publication.streamId, type, sdp, idMapping));
    }

    @Override
    public void localCandidate(int label, String mid, String candidate) {
        sendIfCurrent(Messages.takeCandidate(publication.streamId, label, mid, candidate));
    }

    @Override
    public void started() {
        publisher.locked(() -> {
            if (current() && !publication.live) {
                publication.live = true;
                publication.startTime = System.currentTimeMillis();
                publisher.send(Messages.notification(PUBLISH_STARTED, publication.streamId));
                if (publication.restored) {
                    publisher.send(Messages.notification(SESSION_RESTORED, publication.streamId));
                }
                state.events.publishStarted(publication.streamId, publication.name, publication.metaData,
                        publisher.publishType);
                state.publicationLive(publication);
            }
        });
    }

    @Override
    public void streamRestored() {
        publisher.locked(() -> {
            if (current() && !publication.restored) {
                publication.restored = true;
                if (publication.live) {
                    publisher.send(Messages.notification(SESSION_RESTORED, publication.streamId));
                }
            }
        });
    }

    @Override
    public void renegotiationFailed(String information) {
        sendIfCurrent(Messages.error(NOT_SET_REMOTE_DESCRIPTION, publication.streamId, information));
    }

    @Override
    public void ended() {
        List<MediaLeg> legs;
        state.lock.lock();
        try {
            legs = state.endPublication(publication, true);
        } finally {
            state.lock.unlock();
        }
        legs.forEach(MediaLeg::close);
    }

    private void sendIfCurrent(String message) {
        publisher.locked(() -> {
            if (current()) {
                publisher.send(message);
            }
        });
    }
}
