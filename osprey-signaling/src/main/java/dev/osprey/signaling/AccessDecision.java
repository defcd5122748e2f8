package dev.osprey.signaling;

import java.util.Objects;

/**
 * The answer of an {@link AccessGuard}.
 *
 * @param refusal     null when access is granted, else the definition of the {@code error} the client
 *                    gets ({@code unauthorized_access}, {@code user_blocked}, {@code viewerLimitReached}, ...)
 * @param provesOwner the client presented a credential for this stream (a valid token or subscriber
 *                    code), so it may take over a publish of the same id whose media stopped even
 *                    from another address
 * @param release     run exactly once when what was granted ends (a subscriber's connection slot)
 */
public record AccessDecision(String refusal, boolean provesOwner, Runnable release) {

    private static final Runnable NOTHING = () -> {
    };

    /** Granted, nothing to release, no credential. */
    public static final AccessDecision GRANTED = new AccessDecision(null, false, NOTHING);

    public AccessDecision {
        Objects.requireNonNull(release, "release");
    }

    public static AccessDecision granted(boolean provesOwner, Runnable release) {
        return new AccessDecision(null, provesOwner, release);
    }

    public static AccessDecision refused(String definition) {
        return new AccessDecision(Objects.requireNonNull(definition, "definition"), false, NOTHING);
    }

    public boolean isGranted() {
        return refusal == null;
    }
}
