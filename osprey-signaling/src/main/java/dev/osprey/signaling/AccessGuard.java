package dev.osprey.signaling;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Decides whether a connection may publish, play or join a room: stream tokens, subscriber codes,
 * registered ids, viewer limits, auth webhooks. Called on the session's thread with no lock held;
 * it must not block — a check that needs the database or the network answers later, and the command
 * goes on on the thread that completes the stage. A stage that fails counts as a refusal.
 */
@FunctionalInterface
public interface AccessGuard {

    /** Lets everyone in. */
    AccessGuard ALLOW_ALL = request -> CompletableFuture.completedFuture(AccessDecision.GRANTED);

    CompletionStage<AccessDecision> check(AccessRequest request);
}
