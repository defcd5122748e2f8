package dev.osprey.ingest.srt;

import java.net.InetSocketAddress;
import java.util.concurrent.Executor;

/**
 * A caller's conclusion handshake, waiting for the server's decision. Exactly one of
 * {@link #accept()} and the {@code refuse} methods takes effect, from any thread; until then the
 * caller keeps retransmitting its conclusion (libsrt gives up after its connect timeout, 3 s by
 * default), so decide within that.
 *
 * @param streamId  the caller's {@code SRTO_STREAMID} as sent (e.g. {@code LiveApp/stream1} or the
 *                  {@code #!::r=...,m=publish} access-control syntax), empty when none was sent
 * @param encrypted whether the caller encrypts (it then used our passphrase)
 * @param executor  the event loop the connection and its listener run on
 */
public record SrtPublishRequest(String streamId, InetSocketAddress remote, boolean encrypted, Executor executor,
                                Decision decision) {

    /** How the connection learns the answer. */
    public interface Decision {
        void accept();

        void refuse(String reason, int rejectReason);

        /** Closes an accepted connection (telling the caller): the stream is over. */
        void end(String reason);
    }

    public void accept() {
        decision.accept();
    }

    /** Refuses with {@link RejectReason#FORBIDDEN}. */
    public void refuse(String reason) {
        decision.refuse(reason, RejectReason.FORBIDDEN);
    }

    /** Refuses with a code of {@link RejectReason}: {@code PEER} or an application code from 1000. */
    public void refuse(String reason, int rejectReason) {
        decision.refuse(reason, rejectReason);
    }

    /** Closes the connection after {@link #accept()}: the stream ended on the server's side. Any thread. */
    public void end(String reason) {
        decision.end(reason);
    }
}
