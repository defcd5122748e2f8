package dev.osprey.ingest.srt;

import java.net.InetSocketAddress;

/**
 * A caller's conclusion handshake, waiting for the server's decision. Exactly one of
 * {@link #accept()} and the {@code refuse} methods takes effect, from any thread; until then the
 * caller keeps retransmitting its conclusion (libsrt gives up after its connect timeout, 3 s by
 * default), so decide within that.
 *
 * @param streamId  the caller's {@code SRTO_STREAMID} as sent (e.g. {@code LiveApp/stream1} or the
 *                  {@code #!::r=...,m=publish} access-control syntax), empty when none was sent
 * @param encrypted whether the caller encrypts (it then used our passphrase)
 */
public record SrtPublishRequest(String streamId, InetSocketAddress remote, boolean encrypted, Decision decision) {

    /** How the connection learns the answer. */
    public interface Decision {
        void accept();

        void refuse(String reason, int rejectReason);
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
}
