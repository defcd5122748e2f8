package dev.osprey.webrtc.ice;

import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A minimal controlling ICE agent for one pair: the client's socket and the server's (lite)
 * candidate. It sends Binding requests with USE-CANDIDATE, ICE-CONTROLLING and PRIORITY,
 * retransmits with exponential backoff until a success response authenticated with the server's
 * password arrives, then keeps consent alive with periodic checks (RFC 7675).
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

    private final IceCredentials local;
    private final IceCredentials remote;
    private final InetSocketAddress server;
    private final IceClientConfig config;
    private final StunSender sender;
    private final Listener listener;
    private final MessageIntegrity integrity;
    private final byte[] username;
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

    public IceClientAgent(IceCredentials local, IceCredentials remote, InetSocketAddress server,
                          IceClientConfig config, StunSender sender, Listener listener) {
        this.local = local;
        this.remote = remote;
        this.server = server;
        this.config = config;
        this.sender = sender;
        this.listener = listener;
        this.integrity = new MessageIntegrity(remote.password());
        this.username = (remote.ufrag() + ":" + local.ufrag()).getBytes(StandardCharsets.US_ASCII);
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

    /** Sends the first nominating check. */
    public void start(long nowNanos) {
        if (state != State.NEW) {
            return;
        }
        state = State.CHECKING;
        lastSuccessNanos = nowNanos;
        rtoNanos = config.initialRto().toNanos();
        newTransaction(true);
        send(nowNanos);
    }

    /**
     * Offers a STUN message received on the client's socket.
     *
     * @return true when it answered this agent's outstanding transaction
     */
    public boolean handle(StunMessage msg, InetSocketAddress from, long nowNanos) {
        if (!awaitingResponse || state == State.FAILED || !server.equals(from)
                || !msg.transactionIdEquals(transactionId, 0)) {
            return false;
        }
        int type = msg.messageType();
        if (type != StunMessageType.BINDING_SUCCESS_RESPONSE && type != StunMessageType.BINDING_ERROR_RESPONSE) {
            return false;
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
                .addPriority(priority)
                .addIceControlling(tieBreaker);
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
