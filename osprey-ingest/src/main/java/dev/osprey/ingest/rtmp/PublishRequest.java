package dev.osprey.ingest.rtmp;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * An encoder's {@code publish} command, waiting for the server's decision. Exactly one of
 * {@link #accept()} and {@link #refuse(String)} takes effect, from any thread; until then the
 * connection's media is dropped.
 *
 * @param application the {@code app} of {@code connect} (the path's first segment)
 * @param streamName  the publishing name without its query: the stream id
 * @param query       what followed {@code ?} in the publishing name or the app (Ant Media's
 *                    {@code token=...}), or the empty string
 * @param executor    the connection's event loop, where its listener is called
 */
public record PublishRequest(String application, String streamName, String query, String tcUrl,
                             InetSocketAddress remote, Executor executor, Decision decision) {

    /** How the connection learns the answer. */
    public interface Decision {
        void accept();

        void refuse(String reason);

        /** Closes the connection: the stream is over (stopped through REST, taken over, failed). */
        void end(String reason);
    }

    public void accept() {
        decision.accept();
    }

    public void refuse(String reason) {
        decision.refuse(reason);
    }

    /** Closes an accepted publish's connection; any thread. */
    public void end(String reason) {
        decision.end(reason);
    }
}
