package dev.osprey.webrtc.ice;

import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A minimal ICE agent for one pair: the client's socket and the server's first candidate. Controlling
 * (towards an ICE-lite server) it sends Binding requests with USE-CANDIDATE, ICE-CONTROLLING and
 * PRIORITY; controlled (answering a full agent such as Janus) with ICE-CONTROLLED and no nomination.
 * It retransmits with exponential backoff until a success response authenticated with the server's
 * password arrives, then keeps consent alive with periodic checks (RFC 7675). A full agent's own
 * checks are answered (authenticated with our password), and a role conflict is resolved by the
 * tie-breakers (RFC 8445 §7.2.5.1, §7.3.1.1).
 *
 * <p>Threading: all methods on one event loop; {@link #tick} must be called periodically (every
 * few tens of milliseconds while connecting). No thread or timer of its own.
 */
public final class IceClientAgent {
    /** Callbacks, invoked on the agent's event loop. */
    public interface Listener {
        void onConnected(IceClientAgent agent, InetSocketAddress mappedAddress);

        /** Checks exhausted, an error response, or consent lost. Terminal. */
        void onFailed(IceClientAgent agent, String reason);
    }

    public enum State { NEW, CHECKING, CONNECTED, FAILED }

    private static final int REQUEST_CAPACITY = 256;
    private static final int ROLE_CONFLICT = 487;

    private final IceCredentials local;
    private final IceCredentials remote;
    private final InetSocketAddress server;
    private final IceClientConfig config;
    private final StunSender sender;
    private final Listener listener;
    private final MessageIntegrity integrity;
    private final MessageIntegrity localIntegrity;
    private final byte[] username;
    /** "localUfrag:" — the start of USERNAME in the server's checks. */
    private final byte[] incomingUsernamePrefix;
    private final byte[] response = new byte[REQUEST_CAPACITY];
    private final long tieBreaker;
    private final long priority;
    private final SplittableRandom random;
    private final StunWriter writer = new StunWriter();
    private final byte[] request = new byte[REQUEST_CAPACITY];
    private final byte[] transactionId = new byte[StunMessage.TRANSACTION_ID_LENGTH];

    private State state = State.NEW;
    private int requestLength;
    private int attempts;
    private long rtoNanos;
    private long nextSendNanos;
    private long lastSuccessNanos;
    private boolean awaitingResponse;
    private InetSocketAddress mappedAddress;
    private boolean controlling;

    public IceClientAgent(IceCredentials local, IceCredentials remote, InetSocketAddress server,
                          IceClientConfig config, StunSender sender, Listener listener) {
        this.local = local;
        this.remote = remote;
        this.server = server;
        this.config = config;
        this.sender = sender;
        this.listener = listener;
        this.integrity = new MessageIntegrity(remote.password());
        this.localIntegrity = new MessageIntegrity(local.password());
        this.username = (remote.ufrag() + ":" + local.ufrag()).getBytes(StandardCharsets.US_ASCII);
        this.incomingUsernamePrefix = (local.ufrag() + ":").getBytes(StandardCharsets.US_ASCII);
        this.controlling = config.controlling();
        this.random = new SplittableRandom();
        this.tieBreaker = random.nextLong();
        this.priority = IceCandidate.priority(IceCandidate.HOST_TYPE_PREFERENCE, 65535, 1);
    }

    public State state() {
        return state;
    }

    public IceCredentials localCredentials() {
        return local;
    }

    /** Our address as the server saw it, once connected. */
    public InetSocketAddress mappedAddress() {
        return mappedAddress;
    }

    /** True while the agent is in the controlling role. */
    public boolean isControlling() {
        return controlling;
    }

    /** Sends the first check (nominating when controlling). */
    public void start(long nowNanos) {
        if (state != State.NEW) {
            return;
        }
        state = State.CHECKING;
        lastSuccessNanos = nowNanos;
        rtoNanos = config.initialRto().toNanos();
        newTransaction(controlling);
        send(nowNanos);
    }

    /**
     * Offers a STUN message received on the client's socket.
     *
     * @return true when it answered this agent's outstanding transaction
     */
    public boolean handle(StunMessage msg, InetSocketAddress from, long nowNanos) {
        if (msg.isBindingRequest()) {
            answerCheck(msg, from);
            return false;
        }
        if (!awaitingResponse || state == State.FAILED || !server.equals(from)
                || !msg.transactionIdEquals(transactionId, 0)) {
            return false;
        }
        int type = msg.messageType();
        if (type != StunMessageType.BINDING_SUCCESS_RESPONSE && type != StunMessageType.BINDING_ERROR_RESPONSE) {
            return false;
        }
        if (type == StunMessageType.BINDING_ERROR_RESPONSE && msg.errorCode() == ROLE_CONFLICT
                && state == State.CHECKING) {
            // RFC 8445 §7.2.5.1: switch roles and check again at once.
            controlling = !controlling;
            newTransaction(controlling);
            send(nowNanos);
            return true;
        }
        if (type == StunMessageType.BINDING_ERROR_RESPONSE) {
            // Error answers to a bad password carry no MESSAGE-INTEGRITY; believing them only lets
            // an on-path attacker fail a check, which it could do by dropping packets anyway.
            awaitingResponse = false;
            fail("error response " + msg.errorCode());
            return true;
        }
        if (!msg.verifyMessageIntegrity(integrity) || (msg.hasFingerprint() && !msg.verifyFingerprint())) {
            return false; // forged or corrupted: keep waiting
        }
        awaitingResponse = false;
        lastSuccessNanos = nowNanos;
        scheduleConsentCheck(nowNanos);
        if (state == State.CHECKING) {
            state = State.CONNECTED;
            mappedAddress = msg.xorMappedAddress();
            listener.onConnected(this, mappedAddress);
        }
        return true;
    }

    /** Retransmissions, consent checks and the consent timeout. */
    public void tick(long nowNanos) {
        if (state == State.CHECKING) {
            if (nowNanos - nextSendNanos >= 0) {
                if (attempts >= config.maxAttempts()) {
                    fail("no response after " + attempts + " checks");
                    return;
                }
                rtoNanos = Math.min(rtoNanos * 2, config.maxRto().toNanos());
                send(nowNanos);
            }
        } else if (state == State.CONNECTED) {
            if (nowNanos - lastSuccessNanos >= config.consentTimeout().toNanos()) {
                fail("consent expired");
            } else if (nowNanos - nextSendNanos >= 0) {
                newTransaction(false);
                send(nowNanos);
                scheduleConsentCheck(nowNanos);
            }
        }
    }

    /**
     * Answers a full agent's connectivity check from the server's address (RFC 8445 §7.3): USERNAME
     * must start with our ufrag and MESSAGE-INTEGRITY must verify with our password; a role conflict
     * is settled by the tie-breakers, answering 487 when we keep our role.
     */
    private void answerCheck(StunMessage msg, InetSocketAddress from) {
        if (state == State.FAILED || !server.equals(from) || !usernameStartsWithLocalUfrag(msg)
                || !msg.verifyMessageIntegrity(localIntegrity)) {
            return;
        }
        boolean conflict = controlling ? msg.hasIceControlling() : msg.hasIceControlled();
        if (conflict) {
            boolean oursWins = Long.compareUnsigned(tieBreaker, msg.tieBreaker()) >= 0;
            if (controlling == oursWins) {
                writer.begin(response, 0, response.length, StunMessageType.BINDING_ERROR_RESPONSE,
                                msg.buffer(), msg.transactionIdOffset())
                        .addErrorCode(ROLE_CONFLICT, "Role Conflict")
                        .addMessageIntegrity(localIntegrity)
                        .addFingerprint();
                sender.sendStun(response, 0, writer.length(), from);
                return;
            }
            controlling = !controlling;
        }
        writer.begin(response, 0, response.length, StunMessageType.BINDING_SUCCESS_RESPONSE,
                        msg.buffer(), msg.transactionIdOffset())
                .addXorMappedAddress(from)
                .addMessageIntegrity(localIntegrity)
                .addFingerprint();
        sender.sendStun(response, 0, writer.length(), from);
    }

    private boolean usernameStartsWithLocalUfrag(StunMessage msg) {
        if (!msg.hasUsername() || msg.usernameLength() < incomingUsernamePrefix.length) {
            return false;
        }
        byte[] buf = msg.buffer();
        int at = msg.usernameOffset();
        for (int i = 0; i < incomingUsernamePrefix.length; i++) {
            if (buf[at + i] != incomingUsernamePrefix[i]) {
                return false;
            }
        }
        return true;
    }

    private void scheduleConsentCheck(long nowNanos) {
        long interval = config.consentInterval().toNanos();
        nextSendNanos = nowNanos + (long) (interval * (0.8 + 0.4 * random.nextDouble()));
    }

    private void fail(String reason) {
        state = State.FAILED;
        listener.onFailed(this, reason);
    }

    private void newTransaction(boolean nominate) {
        for (int i = 0; i < transactionId.length; i += 4) {
            int r = random.nextInt();
            transactionId[i] = (byte) (r >>> 24);
            transactionId[i + 1] = (byte) (r >>> 16);
            transactionId[i + 2] = (byte) (r >>> 8);
            transactionId[i + 3] = (byte) r;
        }
        writer.begin(request, 0, request.length, StunMessageType.BINDING_REQUEST, transactionId, 0)
                .addUsername(username, 0, username.length)
                .addPriority(priority);
        if (controlling) {
            writer.addIceControlling(tieBreaker);
        } else {
            writer.addIceControlled(tieBreaker);
        }
        if (nominate) {
            writer.addUseCandidate();
        }
        writer.addMessageIntegrity(integrity).addFingerprint();
        requestLength = writer.length();
    }

    private void send(long nowNanos) {
        attempts++;
        awaitingResponse = true;
        if (state == State.CHECKING) {
            nextSendNanos = nowNanos + rtoNanos;
        }
        sender.sendStun(request, 0, requestLength, server);
    }
}
