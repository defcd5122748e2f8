package dev.osprey.webrtc.datachannel;

import dev.osprey.webrtc.sctp.SendResult;
import java.nio.charset.StandardCharsets;

/**
 * One WebRTC data channel (RFC 8831) on an SCTP stream. Created by {@link DataChannelManager}; used on the thread
 * that drives the association. Sending never blocks: when the association's bounded send buffer is full the
 * message is dropped, counted ({@link #droppedMessages()}) and {@code send} returns false.
 */
public final class DataChannel {
    public enum State { CONNECTING, OPEN, CLOSING, CLOSED }

    private static final byte[] EMPTY_MARKER = {0};

    private final DataChannelManager manager;
    private final int id;
    private final String label;
    private final String protocol;
    private final boolean ordered;
    private final int maxRetransmits;
    private final int maxPacketLifeTime;
    private final boolean negotiated;
    private volatile State state = State.CONNECTING;
    private DataChannelListener listener;
    /** The opener sends ordered until the peer's DATA_CHANNEL_ACK (RFC 8832 6). */
    boolean awaitingAck;
    boolean incomingReset;
    boolean outgoingReset;
    private long droppedMessages;
    private long droppedBytes;

    DataChannel(DataChannelManager manager, int id, String label, String protocol, boolean ordered,
                int maxRetransmits, int maxPacketLifeTime, boolean negotiated, DataChannelListener listener) {
        this.manager = manager;
        this.id = id;
        this.label = label;
        this.protocol = protocol;
        this.ordered = ordered;
        this.maxRetransmits = maxRetransmits;
        this.maxPacketLifeTime = maxPacketLifeTime;
        this.negotiated = negotiated;
        this.listener = listener == null ? new DataChannelListener() { } : listener;
    }

    /** The SCTP stream id. */
    public int id() {
        return id;
    }

    public String label() {
        return label;
    }

    public String protocol() {
        return protocol;
    }

    public boolean ordered() {
        return ordered;
    }

    /** -1 if unset. */
    public int maxRetransmits() {
        return maxRetransmits;
    }

    /** Milliseconds; -1 if unset. */
    public int maxPacketLifeTime() {
        return maxPacketLifeTime;
    }

    public boolean negotiated() {
        return negotiated;
    }

    public State state() {
        return state;
    }

    public void setListener(DataChannelListener listener) {
        this.listener = listener;
    }

    /** Sends a text message (PPID 51, or 56 when empty). False if not open or dropped. */
    public boolean send(String text) {
        if (text.isEmpty()) {
            return sendRaw(Dcep.PPID_STRING_EMPTY, EMPTY_MARKER.clone());
        }
        return sendRaw(Dcep.PPID_STRING, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends a binary message (PPID 53, or 57 when empty); the bytes are copied. False if not open or dropped. */
    public boolean send(byte[] data) {
        if (data.length == 0) {
            return sendRaw(Dcep.PPID_BINARY_EMPTY, EMPTY_MARKER.clone());
        }
        return sendRaw(Dcep.PPID_BINARY, data.clone());
    }

    /**
     * Sends a text message's UTF-8 bytes ({@code binary} false) or a binary message without copying them, as
     * received by {@link DataChannelListener#onPayload}: the array must not change afterwards, which lets one
     * payload go out on many channels. False if not open or dropped.
     */
    public boolean sendPayload(byte[] payload, boolean binary) {
        if (payload.length == 0) {
            return sendRaw(binary ? Dcep.PPID_BINARY_EMPTY : Dcep.PPID_STRING_EMPTY, EMPTY_MARKER.clone());
        }
        return sendRaw(binary ? Dcep.PPID_BINARY : Dcep.PPID_STRING, payload);
    }

    private boolean sendRaw(int ppid, byte[] payload) {
        if (state != State.OPEN) {
            return false;
        }
        SendResult r = manager.association().send(id, ppid, payload, !(ordered || awaitingAck), maxRetransmits,
                maxPacketLifeTime);
        if (r == SendResult.BUFFER_FULL) {
            if (droppedMessages++ == 0) {
                manager.reportFirstDrop(this);
            }
            droppedBytes += payload.length;
        }
        return r == SendResult.QUEUED;
    }

    /** Bytes queued or unacknowledged on this channel (the W3C {@code bufferedAmount}). */
    public long bufferedAmount() {
        return manager.association().bufferedAmount(id);
    }

    /** Messages dropped because the send buffer was full. */
    public long droppedMessages() {
        return droppedMessages;
    }

    public long droppedBytes() {
        return droppedBytes;
    }

    /** Closes by resetting the stream (RFC 8831 6.7); {@link DataChannelListener#onClose} follows. */
    public void close() {
        manager.close(this);
    }

    void setState(State s) {
        state = s;
    }

    DataChannelListener listener() {
        return listener;
    }

    @Override
    public String toString() {
        return "DataChannel[" + id + " '" + label + "' " + state + "]";
    }
}
