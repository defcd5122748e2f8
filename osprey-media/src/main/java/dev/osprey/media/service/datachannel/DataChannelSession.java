package dev.osprey.media.service.datachannel;

import dev.osprey.webrtc.datachannel.DataChannel;
import dev.osprey.webrtc.datachannel.DataChannelInit;
import dev.osprey.webrtc.datachannel.DataChannelListener;
import dev.osprey.webrtc.datachannel.DataChannelManager;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.sctp.CloseCause;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sctp.SctpStats;
import dev.osprey.webrtc.transport.PeerTransport;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The data channels of one peer connection: an SCTP association carried in the transport's DTLS
 * application data, started once DTLS is connected and timed by a task on the transport's loop.
 * Everything here runs on that loop.
 *
 * <p>Messages from any of the peer's channels go to the {@link Events}; {@link #send} writes to one
 * channel, the one this side opened (players: label = stream id, as Ant Media's server does) or
 * else the first the peer opened (publishers: the SDK's channel, label = stream id). Sending never
 * blocks: the association's send buffer is bounded ({@link #SEND_BUFFER_BYTES}) and what does not
 * fit is dropped and counted, so a slow peer costs only its own messages.
 */
public final class DataChannelSession implements DataChannelManager.Listener, DataChannelListener {
    private static final Logger LOG = LoggerFactory.getLogger(DataChannelSession.class);
    /** Bound on one peer's queued plus unacknowledged outgoing payload. */
    public static final long SEND_BUFFER_BYTES = 1L << 20;
    private static final long NONE = Long.MAX_VALUE;

    /** What the owning session hears; on the loop. */
    public interface Events {
        /** A channel opened (the first one makes a data-only publisher live). */
        void dataChannelOpened();

        /** A message from the peer, as received: UTF-8 bytes of a text message or binary bytes. */
        void dataMessage(byte[] payload, boolean binary);

        /** The association ended (peer abort, protocol violation, timeout, shutdown). */
        default void dataChannelsClosed(CloseCause cause) {
        }
    }

    private final PeerTransport transport;
    private final String label;
    private final boolean openChannel;
    private final long remoteMaxMessageSize;
    private final Events events;
    private final DataChannelCounters counters;
    private DataChannelManager manager;
    private DataChannel outbound;
    private ScheduledFuture<?> timer;
    private long timerAt = NONE;
    private boolean closed;

    /**
     * @param label                the label of the channel this side opens
     * @param openChannel          open a channel once the association is up (players), or wait for the peer's
     * @param remoteMaxMessageSize the peer's {@code a=max-message-size} (0 = no limit)
     */
    public DataChannelSession(PeerTransport transport, String label, boolean openChannel, long remoteMaxMessageSize,
                       Events events, DataChannelCounters counters) {
        this.transport = transport;
        this.label = label;
        this.openChannel = openChannel;
        this.remoteMaxMessageSize = remoteMaxMessageSize;
        this.events = events;
        this.counters = counters;
    }

    /** DTLS is connected: starts the association (both WebRTC peers send INIT). */
    public void start() {
        if (manager != null || closed) {
            return;
        }
        SctpConfig config = SctpConfig.webRtcDefaults()
                .withMaxPacketSize(Math.max(256, Math.min(transport.maxApplicationDataLength(), 65_535)))
                .withRemoteMaxMessageSize(remoteMaxMessageSize)
                .withSendBufferBytes(SEND_BUFFER_BYTES);
        manager = new DataChannelManager(config, transport::sendApplicationData, System::nanoTime,
                transport.dtlsRole() == DtlsRole.CLIENT, this);
        if (openChannel) {
            outbound = manager.createDataChannel(DataChannelInit.reliable(label), this);
        }
        manager.start();
        reschedule();
    }

    /** One DTLS application data record from the peer: an SCTP packet. */
    public void onPacket(byte[] buf, int off, int len) {
        if (manager == null || closed) {
            return;
        }
        manager.onPacket(buf, off, len);
        reschedule();
    }

    /**
     * Queues a message for the peer without copying {@code payload} (which must not change).
     *
     * @return false when it was dropped: no open channel yet, the send queue full, or too large
     */
    public boolean send(byte[] payload, boolean binary) {
        DataChannel channel = outbound;
        if (channel == null || channel.state() != DataChannel.State.OPEN || closed) {
            counters.dropped(payload.length);
            return false;
        }
        boolean queued = channel.sendPayload(payload, binary);
        if (queued) {
            counters.relayed(payload.length);
            reschedule();
        } else {
            counters.dropped(payload.length);
        }
        return queued;
    }

    /** True once a channel to send on is open. */
    public boolean open() {
        DataChannel channel = outbound;
        return channel != null && channel.state() == DataChannel.State.OPEN;
    }

    /** Messages this peer did not get because its queue was full (or no channel was open). */
    public long droppedMessages() {
        DataChannel channel = outbound;
        return channel == null ? 0 : channel.droppedMessages();
    }

    /** The association's counters, or null before it started. */
    public SctpStats stats() {
        return manager == null ? null : manager.association().stats();
    }

    /** The transport is gone: stops the timer; nothing more is sent. */
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    // ---- timers

    private void reschedule() {
        if (closed) {
            return;
        }
        long next = manager.nextTimeoutNanos();
        if (next == NONE || (timer != null && next >= timerAt)) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerAt = next;
        long delay = Math.max(0, next - System.nanoTime());
        timer = transport.eventLoop().schedule(this::onTimer, delay, TimeUnit.NANOSECONDS);
    }

    private void onTimer() {
        timer = null;
        timerAt = NONE;
        if (closed) {
            return;
        }
        manager.tick(System.nanoTime());
        reschedule();
    }

    // ---- DataChannelManager.Listener

    @Override
    public void onDataChannel(DataChannel channel) {
        channel.setListener(this);
        if (outbound == null || (!label.equals(outbound.label()) && label.equals(channel.label()))) {
            outbound = channel;
        }
    }

    @Override
    public void onClosed(CloseCause cause, String detail) {
        LOG.debug("{}: SCTP association closed ({}: {})", label, cause, detail);
        events.dataChannelsClosed(cause);
    }

    // ---- DataChannelListener

    @Override
    public void onOpen(DataChannel channel) {
        events.dataChannelOpened();
    }

    @Override
    public void onPayload(DataChannel channel, byte[] payload, boolean binary) {
        counters.received(payload.length);
        events.dataMessage(payload, binary);
    }
}
