package dev.osprey.webrtc.datachannel;

import dev.osprey.webrtc.sctp.CloseCause;
import dev.osprey.webrtc.sctp.SctpAssociation;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sctp.SctpListener;
import dev.osprey.webrtc.sctp.SctpPacketSink;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data channels of one SCTP association: opens channels (DCEP OPEN / ACK, RFC 8832) or uses negotiated ones,
 * accepts channels the peer opens, maps payload protocol ids to text and binary messages, and closes channels with
 * stream resets. Stream ids follow RFC 8832 6: the DTLS client uses even ids, the DTLS server odd ones.
 *
 * <p>A peer cannot make it keep unbounded state: at most {@link #MAX_CHANNELS} channels exist at once, a
 * DATA_CHANNEL_OPEN with a label or protocol longer than 1024 bytes is refused, and the association accepts only
 * {@link SctpConfig#streams()} inbound streams whatever the peer's INIT asks for. A refused OPEN is not
 * acknowledged and its stream is reset (RFC 8831 6.7: the peer sees the channel closed); the other channels go on.
 *
 * <p>Same threading contract as {@link SctpAssociation}: one thread drives {@link #onPacket}, {@link #tick} and
 * every channel method.
 */
public final class DataChannelManager implements SctpListener {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelManager.class);
    /** Most channels open at once, ours and the peer's together (Ant Media's clients use one or two). */
    public static final int MAX_CHANNELS = 1024;

    /** Association-level events. */
    public interface Listener {
        /** The peer opened a channel (already open); set its listener here. */
        void onDataChannel(DataChannel channel);

        default void onEstablished() {
        }

        default void onClosed(CloseCause cause, String detail) {
        }
    }

    private final SctpAssociation association;
    private final boolean dtlsClient;
    private final Listener listener;
    private final Map<Integer, DataChannel> channels = new LinkedHashMap<>();
    /** Channels created before the association was up, opened in {@link #onEstablished()}. */
    private final Map<Integer, DataChannelInit> pendingOpens = new LinkedHashMap<>();
    private boolean established;
    private boolean closed;
    private long channelsRefused;

    public DataChannelManager(SctpConfig config, SctpPacketSink sink, LongSupplier nanoClock, boolean dtlsClient,
                              Listener listener) {
        this.association = new SctpAssociation(config, sink, this, nanoClock);
        this.dtlsClient = dtlsClient;
        this.listener = listener;
    }

    public SctpAssociation association() {
        return association;
    }

    /** Starts the association (sends INIT). Call once DTLS is connected. */
    public void start() {
        association.start();
    }

    public void onPacket(byte[] buf, int off, int len) {
        association.onPacket(buf, off, len);
    }

    public void tick(long nowNanos) {
        association.tick(nowNanos);
    }

    public long nextTimeoutNanos() {
        return association.nextTimeoutNanos();
    }

    /** Graceful SCTP shutdown; every channel closes. */
    public void shutdown() {
        association.shutdown();
    }

    /**
     * Creates a channel. Before the association is up it stays {@link DataChannel.State#CONNECTING} and opens
     * (DCEP OPEN sent, or at once if negotiated) when the association is established.
     *
     * @throws IllegalStateException if the association has closed, no stream id is free or a negotiated id is taken
     */
    public DataChannel createDataChannel(DataChannelInit init, DataChannelListener channelListener) {
        if (closed) {
            throw new IllegalStateException("the SCTP association is closed");
        }
        int id = init.negotiated() ? init.id() : freeId();
        if (channels.containsKey(id)) {
            throw new IllegalStateException("stream id " + id + " is in use");
        }
        DataChannel channel = new DataChannel(this, id, init.label(), init.protocol(), init.ordered(),
                init.maxRetransmits(), init.maxPacketLifeTime(), init.negotiated(), channelListener);
        channels.put(id, channel);
        if (established) {
            open(channel, init);
        } else {
            pendingOpens.put(id, init);
        }
        return channel;
    }

    public DataChannel channel(int id) {
        return channels.get(id);
    }

    public Collection<DataChannel> channels() {
        return Collections.unmodifiableCollection(channels.values());
    }

    /** DATA_CHANNEL_OPENs from the peer refused (too many channels, label or protocol too long). */
    public long channelsRefused() {
        return channelsRefused;
    }

    /** Messages dropped over all current channels because the send buffer was full. */
    public long droppedMessages() {
        return association.stats().messagesDropped();
    }

    private int freeId() {
        int limit = established ? association.outboundStreams() : association.config().streams();
        for (int id = dtlsClient ? 0 : 1; id < limit && id <= 65_534; id += 2) {
            if (!channels.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free stream id");
    }

    private void open(DataChannel channel, DataChannelInit init) {
        if (!init.negotiated()) {
            channel.awaitingAck = true;
            association.send(channel.id(), Dcep.PPID_DCEP, Dcep.open(init), false, -1, -1);
        }
        channel.setState(DataChannel.State.OPEN);
        channel.listener().onOpen(channel);
    }

    void close(DataChannel channel) {
        if (channel.state() == DataChannel.State.CLOSING || channel.state() == DataChannel.State.CLOSED) {
            return;
        }
        pendingOpens.remove(channel.id());
        if (!established || !association.resetStreams(channel.id())) {
            closed(channel);
            return;
        }
        channel.setState(DataChannel.State.CLOSING);
    }

    private void closed(DataChannel channel) {
        if (channel.state() == DataChannel.State.CLOSED) {
            return;
        }
        channel.setState(DataChannel.State.CLOSED);
        channels.remove(channel.id(), channel);
        channel.listener().onClose(channel);
    }

    void reportFirstDrop(DataChannel channel) {
        LOG.info("data channel {} '{}': send buffer full, dropping messages (peer too slow)", channel.id(),
                channel.label());
    }

    // ------------------------------------------------------------------ SctpListener

    @Override
    public void onEstablished() {
        established = true;
        List<Integer> ids = new ArrayList<>(pendingOpens.keySet());
        for (int id : ids) {
            DataChannelInit init = pendingOpens.remove(id);
            DataChannel channel = channels.get(id);
            if (channel != null && init != null) {
                open(channel, init);
            }
        }
        listener.onEstablished();
    }

    @Override
    public void onMessage(int streamId, int ppid, byte[] data) {
        if (ppid == Dcep.PPID_DCEP) {
            onControl(streamId, data);
            return;
        }
        DataChannel channel = channels.get(streamId);
        if (channel == null || channel.state() == DataChannel.State.CLOSED) {
            LOG.debug("message on stream {} without an open channel dropped", streamId);
            return;
        }
        // Any data from the peer proves it processed our OPEN (RFC 8832 6).
        channel.awaitingAck = false;
        switch (ppid) {
            case Dcep.PPID_STRING -> channel.listener().onPayload(channel, data, false);
            case Dcep.PPID_STRING_EMPTY -> channel.listener().onPayload(channel, new byte[0], false);
            case Dcep.PPID_BINARY -> channel.listener().onPayload(channel, data, true);
            case Dcep.PPID_BINARY_EMPTY -> channel.listener().onPayload(channel, new byte[0], true);
            default -> LOG.debug("message with unknown PPID {} on stream {} dropped", ppid, streamId);
        }
    }

    private void onControl(int streamId, byte[] data) {
        if (data.length == 1 && data[0] == Dcep.MESSAGE_ACK) {
            DataChannel channel = channels.get(streamId);
            if (channel != null) {
                channel.awaitingAck = false;
            }
            return;
        }
        if (channels.containsKey(streamId)) {
            LOG.debug("DCEP message for stream {} already in use ignored", streamId);
            return;
        }
        if (Dcep.hasOversizedNames(data) || channels.size() >= MAX_CHANNELS) {
            refuse(streamId);
            return;
        }
        Dcep.Open open = Dcep.parseOpen(data);
        if (open == null) {
            LOG.debug("malformed DCEP message on stream {} ignored", streamId);
            return;
        }
        DataChannel channel = new DataChannel(this, streamId, open.label(), open.protocol(), open.ordered(),
                open.maxRetransmits(), open.maxPacketLifeTime(), false, null);
        channels.put(streamId, channel);
        association.send(streamId, Dcep.PPID_DCEP, Dcep.ack(), false, -1, -1);
        channel.setState(DataChannel.State.OPEN);
        listener.onDataChannel(channel);
        channel.listener().onOpen(channel);
    }

    /** No ACK, and the stream is reset: to the peer the channel opened and closed at once. */
    private void refuse(int streamId) {
        channelsRefused++;
        if (channelsRefused == 1) {
            LOG.info("refusing data channels the peer opens beyond {} at once, or with names over {} bytes",
                    MAX_CHANNELS, Dcep.MAX_LABEL_BYTES);
        }
        association.resetStreams(streamId);
    }

    @Override
    public void onIncomingStreamsReset(int[] streamIds) {
        for (int id : streamIds) {
            DataChannel channel = channels.get(id);
            if (channel == null) {
                continue;
            }
            channel.incomingReset = true;
            if (channel.state() == DataChannel.State.OPEN) {
                // The peer closed: reset our direction too (RFC 8831 6.7).
                channel.setState(DataChannel.State.CLOSING);
                if (!association.resetStreams(id)) {
                    closed(channel);
                }
            } else if (channel.outgoingReset) {
                closed(channel);
            }
        }
    }

    @Override
    public void onOutgoingStreamsReset(int[] streamIds) {
        for (int id : streamIds) {
            DataChannel channel = channels.get(id);
            if (channel == null) {
                continue;
            }
            channel.outgoingReset = true;
            if (channel.incomingReset) {
                closed(channel);
            }
        }
    }

    @Override
    public void onClosed(CloseCause cause, String detail) {
        established = false;
        closed = true;
        for (DataChannel channel : new ArrayList<>(channels.values())) {
            closed(channel);
        }
        pendingOpens.clear();
        listener.onClosed(cause, detail);
    }
}
