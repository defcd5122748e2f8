package dev.osprey.media.service;

import dev.osprey.webrtc.datachannel.DataChannel;
import dev.osprey.webrtc.datachannel.DataChannelInit;
import dev.osprey.webrtc.datachannel.DataChannelListener;
import dev.osprey.webrtc.datachannel.DataChannelManager;
import dev.osprey.webrtc.dtls.DtlsRole;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.srtp.SrtpProfile;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The data channel side of a client-role peer (a browser stand-in): an SCTP association over the
 * transport's DTLS, driven on the transport's loop. Opens a channel (publisher, like the SDK) or accepts
 * the server's (player), and records every message it receives.
 */
final class DataPeer implements PeerTransportListener, DataChannelManager.Listener, DataChannelListener {
    /** One received message: its bytes and whether it was binary. */
    record Message(byte[] payload, boolean binary) {
        String text() {
            return new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final String openLabel;
    private final DataChannelInit init;
    final List<Message> received = new CopyOnWriteArrayList<>();
    final AtomicLong receivedCount = new AtomicLong();
    final AtomicLong receivedBytes = new AtomicLong();
    final List<String> channelLabels = new CopyOnWriteArrayList<>();
    /**
     * The room events the server writes to room viewers ({@code TRACK_LIST_UPDATED},
     * {@code VIDEO_TRACK_ASSIGNMENT_LIST}), kept apart from relayed messages.
     */
    final List<String> serverEvents = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> channelOpen = new CompletableFuture<>();
    /** Every SCTP packet this peer sent (for fuzzing), when set. */
    volatile Consumer<byte[]> sentPackets;
    /** Stop reading: packets from the server are ignored (a peer whose receive window stays full). */
    volatile boolean deaf;
    /** Keep only counts, not the messages (benchmarks). */
    volatile boolean countOnly;
    private volatile PeerTransport transport;
    private boolean connected;
    private DataChannelManager manager;
    private DataChannel channel;

    /** @param openLabel the label of the channel to open once connected, or null to accept the server's */
    DataPeer(String openLabel) {
        this(openLabel == null ? null : DataChannelInit.reliable(openLabel));
    }

    DataPeer(DataChannelInit init) {
        this.init = init;
        this.openLabel = init == null ? null : init.label();
    }

    /**
     * Hands this peer its transport. DTLS may finish before the caller gets the transport back from
     * {@code connect}, so the association starts on whichever of the two comes last.
     */
    void attach(PeerTransport t) {
        transport = t;
        t.eventLoop().execute(this::startIfReady);
    }

    @Override
    public void onConnected(SrtpProfile profile) {
        connected = true;
        startIfReady();
    }

    private void startIfReady() {
        PeerTransport t = transport;
        if (!connected || t == null || manager != null) {
            return;
        }
        SctpConfig config = SctpConfig.webRtcDefaults().withMaxPacketSize(t.maxApplicationDataLength());
        manager = new DataChannelManager(config, (buf, off, len) -> {
            Consumer<byte[]> tap = sentPackets;
            if (tap != null) {
                tap.accept(Arrays.copyOfRange(buf, off, off + len));
            }
            t.sendApplicationData(buf, off, len);
        }, System::nanoTime, t.dtlsRole() == DtlsRole.CLIENT, this);
        if (init != null) {
            channel = manager.createDataChannel(init, this);
        }
        manager.start();
        t.eventLoop().scheduleAtFixedRate(this::tick, 5, 5, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        if (manager != null && System.nanoTime() - manager.nextTimeoutNanos() >= 0) {
            manager.tick(System.nanoTime());
        }
    }

    @Override
    public void onApplicationData(byte[] buf, int off, int len) {
        if (manager != null && !deaf) {
            manager.onPacket(buf, off, len);
        }
    }

    @Override
    public void onDataChannel(DataChannel accepted) {
        accepted.setListener(this);
        channelLabels.add(accepted.label());
        if (channel == null) {
            channel = accepted;
        }
    }

    @Override
    public void onOpen(DataChannel opened) {
        if (openLabel != null) {
            channelLabels.add(opened.label());
        }
        channelOpen.complete(null);
    }

    @Override
    public void onPayload(DataChannel from, byte[] payload, boolean binary) {
        if (!binary && isServerEvent(payload)) {
            serverEvents.add(new String(payload, java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        receivedCount.incrementAndGet();
        receivedBytes.addAndGet(payload.length);
        if (!countOnly) {
            received.add(new Message(payload, binary));
        }
    }

    private static boolean isServerEvent(byte[] payload) {
        if (payload.length == 0 || payload[0] != '{' || payload.length > 4096) {
            return false;
        }
        String text = new String(payload, java.nio.charset.StandardCharsets.UTF_8);
        return text.startsWith("{\"streamId\":") && (text.contains("\"eventType\":\"TRACK_LIST_UPDATED\"")
                || text.contains("\"eventType\":\"VIDEO_TRACK_ASSIGNMENT_LIST\""));
    }

    /** Sends on the loop; completes with false when the message was not queued. */
    CompletableFuture<Boolean> send(byte[] payload, boolean binary) {
        PeerTransport t = transport;
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        t.eventLoop().execute(() -> done.complete(channel != null && channel.sendPayload(payload, binary)));
        return done;
    }

    /** Runs on the peer's loop (the association is loop-confined). */
    void onLoop(Runnable task) {
        transport.eventLoop().execute(task);
    }

    DataChannelManager manager() {
        return manager;
    }

    DataChannel channel() {
        return channel;
    }
}
