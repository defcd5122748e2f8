package dev.osprey.webrtc.ice;

import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The server side of ICE for one peer: an ICE-lite agent (RFC 8445 §2.5), always in the controlled
 * role, that only answers connectivity checks.
 *
 * <p>A Binding request is accepted when its USERNAME is {@code localUfrag:remoteUfrag} and its
 * MESSAGE-INTEGRITY verifies with the local password; it is answered with XOR-MAPPED-ADDRESS,
 * MESSAGE-INTEGRITY and FINGERPRINT. A check carrying USE-CANDIDATE (the controlling peer's
 * nomination) selects its source address; a later nomination from another address moves the
 * selection there, which is how a peer whose address changed is followed. Until the first nomination,
 * the first valid check's address is selected, because browsers start DTLS on a valid pair before
 * they nominate it. Until the remote credentials are known (the remote description may arrive after
 * the first checks), any remote ufrag is accepted, since the local password alone authenticates the
 * check.
 *
 * <p>The source address of a datagram proves nothing, so the agent never lets a stranger use it as a
 * reflector or amplifier:
 * <ul>
 *   <li>a request without credentials or with wrong ones is dropped without an answer (RFC 8489
 *       §9.1.3 would send 400 or 401, to an address nobody vouched for);</li>
 *   <li>no answer is ever longer than its request (checks as RFC 8445 §7.1.1 builds them, with
 *       USERNAME, PRIORITY, ICE-CONTROLLING and MESSAGE-INTEGRITY, always are at least as long);</li>
 *   <li>after the first nomination the selected address, where the peer's media goes, moves at most
 *       once per {@link #MIN_ADDRESS_CHANGE_INTERVAL}: a nomination that comes sooner is left
 *       unanswered, so the peer retries it and the retry moves the selection once the interval is
 *       over.</li>
 * </ul>
 *
 * <p>Consent freshness (RFC 7675): when no valid check arrived from the selected address (or, before
 * nomination, from anywhere) for the consent timeout, {@link #tick} declares the peer dead once.
 *
 * <p>Threading: every method except {@link #setRemoteCredentials} must be called on the one event
 * loop that owns this agent; the steady-state check path allocates nothing.
 */
public final class IceLiteAgent {
    /** Consent timeout of RFC 7675 §5.1. */
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The selected address moves at most once per this interval after the first nomination: a peer
     * whose network changed moves once; a burst of checks from many addresses cannot make the
     * server's media to the peer flip between them.
     */
    public static final Duration MIN_ADDRESS_CHANGE_INTERVAL = Duration.ofSeconds(1);
    private static final long MIN_ADDRESS_CHANGE_NANOS = MIN_ADDRESS_CHANGE_INTERVAL.toNanos();
    private static final int RESPONSE_CAPACITY = 256;

    /** Callbacks, invoked on the agent's event loop. */
    public interface Listener {
        /** The nominated address was set ({@code previous == null}) or moved to a new address. */
        void onSelectedAddressChanged(IceLiteAgent agent, InetSocketAddress previous, InetSocketAddress current);

        /** No valid check within the consent timeout; the agent ignores everything from now on. */
        void onConsentExpired(IceLiteAgent agent);
    }

    public enum State { WAITING, SELECTED, EXPIRED }

    private final IceCredentials local;
    private final byte[] usernamePrefix;
    private final MessageIntegrity integrity;
    private final long consentTimeoutNanos;
    private final Listener listener;
    private final StunWriter writer = new StunWriter();
    private final byte[] response = new byte[RESPONSE_CAPACITY];
    private volatile byte[] remoteUfrag;
    private InetSocketAddress selected;
    /** A check with USE-CANDIDATE was accepted: from now on address changes are paced. */
    private boolean nominationSeen;
    private long lastAddressChangeNanos;
    private long lastConsentNanos;
    private State state = State.WAITING;

    /**
     * @param remote    the remote credentials, or {@code null} when the remote description is not known yet
     * @param nowNanos  the caller's clock ({@link System#nanoTime()} or the event loop's), starts the consent timer
     */
    public IceLiteAgent(IceCredentials local, IceCredentials remote, Duration consentTimeout, Listener listener,
                        long nowNanos) {
        this.local = local;
        this.usernamePrefix = (local.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
        this.integrity = new MessageIntegrity(local.password());
        this.consentTimeoutNanos = consentTimeout.toNanos();
        this.listener = listener;
        this.lastConsentNanos = nowNanos;
        setRemoteCredentials(remote);
    }

    /** Sets the remote ufrag from the remote description; may be called from any thread. */
    public void setRemoteCredentials(IceCredentials remote) {
        this.remoteUfrag = remote == null ? null : remote.ufrag().getBytes(StandardCharsets.US_ASCII);
    }

    public IceCredentials localCredentials() {
        return local;
    }

    public State state() {
        return state;
    }

    /** The nominated remote address, or {@code null} before nomination. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /**
     * Handles a STUN message already validated by {@link StunMessage#wrap} that came from {@code from}.
     * Responses are sent through {@code sender} before this method returns.
     */
    public CheckOutcome handle(StunMessage msg, InetSocketAddress from, long nowNanos, StunSender sender) {
        if (state == State.EXPIRED || !msg.isBindingRequest()) {
            return CheckOutcome.IGNORED;
        }
        if (msg.hasFingerprint() && !msg.verifyFingerprint()) {
            return CheckOutcome.IGNORED; // RFC 8489 §7.3: a bad FINGERPRINT means "not STUN"
        }
        if (!msg.hasUsername() || !msg.hasMessageIntegrity()) {
            return CheckOutcome.BAD_REQUEST;
        }
        if (!usernameMatches(msg) || !msg.verifyMessageIntegrity(integrity)) {
            return CheckOutcome.UNAUTHORIZED;
        }
        if (msg.unknownRequiredCount() > 0) {
            return answer(writeUnknownAttributes(msg), msg, from, sender)
                    ? CheckOutcome.UNKNOWN_ATTRIBUTE : CheckOutcome.SHORTER_THAN_ANSWER;
        }
        if (msg.hasIceControlled() && !msg.hasIceControlling()) {
            // A lite agent can never take the controlling role (RFC 8445 §6.1.1), so it cannot yield.
            return answer(writeRoleConflict(msg), msg, from, sender)
                    ? CheckOutcome.ROLE_CONFLICT : CheckOutcome.SHORTER_THAN_ANSWER;
        }
        boolean nominated = msg.useCandidate() && !from.equals(selected);
        if (nominated && nominationSeen && nowNanos - lastAddressChangeNanos < MIN_ADDRESS_CHANGE_NANOS) {
            return CheckOutcome.ADDRESS_CHANGE_TOO_SOON;
        }
        if (!answer(writeSuccess(msg, from), msg, from, sender)) {
            return CheckOutcome.SHORTER_THAN_ANSWER;
        }
        nominationSeen |= msg.useCandidate();
        // The first valid check selects its address even without USE-CANDIDATE: Chromium sends its DTLS
        // ClientHello on the first valid pair and nominates only about a second later, so waiting for the
        // nomination would drop that flight and cost a DTLS retransmission.
        if (nominated || selected == null) {
            InetSocketAddress previous = selected;
            selected = from;
            state = State.SELECTED;
            lastConsentNanos = nowNanos;
            lastAddressChangeNanos = nowNanos;
            listener.onSelectedAddressChanged(this, previous, from);
            return nominated ? CheckOutcome.NOMINATED : CheckOutcome.ACCEPTED;
        }
        if (from.equals(selected)) {
            lastConsentNanos = nowNanos;
        }
        return CheckOutcome.ACCEPTED;
    }

    /** Drives consent freshness; call periodically (e.g. every second) from the agent's event loop. */
    public void tick(long nowNanos) {
        if (state != State.EXPIRED && nowNanos - lastConsentNanos >= consentTimeoutNanos) {
            state = State.EXPIRED;
            listener.onConsentExpired(this);
        }
    }

    private boolean usernameMatches(StunMessage msg) {
        byte[] buf = msg.buffer();
        int at = msg.usernameOffset();
        int len = msg.usernameLength();
        if (len <= usernamePrefix.length) {
            return false;
        }
        for (int i = 0; i < usernamePrefix.length; i++) {
            if (buf[at + i] != usernamePrefix[i]) {
                return false;
            }
        }
        byte[] remote = remoteUfrag;
        if (remote == null) {
            return true;
        }
        if (len - usernamePrefix.length != remote.length) {
            return false;
        }
        for (int i = 0; i < remote.length; i++) {
            if (buf[at + usernamePrefix.length + i] != remote[i]) {
                return false;
            }
        }
        return true;
    }

    /** Sends the answer of {@code length} bytes in {@link #response} unless it is longer than the request. */
    private boolean answer(int length, StunMessage request, InetSocketAddress to, StunSender sender) {
        if (length > request.length()) {
            return false;
        }
        sender.sendStun(response, 0, length, to);
        return true;
    }

    private int writeSuccess(StunMessage msg, InetSocketAddress from) {
        return writer.begin(response, 0, response.length, StunMessageType.BINDING_SUCCESS_RESPONSE,
                        msg.buffer(), msg.transactionIdOffset())
                .addXorMappedAddress(from)
                .addMessageIntegrity(integrity)
                .addFingerprint()
                .length();
    }

    /** 487, authenticated: the request was. */
    private int writeRoleConflict(StunMessage msg) {
        return writer.begin(response, 0, response.length, StunMessageType.BINDING_ERROR_RESPONSE,
                        msg.buffer(), msg.transactionIdOffset())
                .addErrorCode(487, "Role Conflict")
                .addMessageIntegrity(integrity)
                .addFingerprint()
                .length();
    }

    private int writeUnknownAttributes(StunMessage msg) {
        int count = msg.unknownRequiredCount();
        int[] types = new int[count]; // rare error path
        for (int i = 0; i < count; i++) {
            types[i] = msg.unknownRequiredType(i);
        }
        return writer.begin(response, 0, response.length, StunMessageType.BINDING_ERROR_RESPONSE,
                        msg.buffer(), msg.transactionIdOffset())
                .addErrorCode(420, "Unknown Attribute")
                .addUnknownAttributes(types, count)
                .addMessageIntegrity(integrity)
                .addFingerprint()
                .length();
    }
}
