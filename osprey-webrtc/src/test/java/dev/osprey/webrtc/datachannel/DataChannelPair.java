package dev.osprey.webrtc.datachannel;

import dev.osprey.webrtc.sctp.CloseCause;
import dev.osprey.webrtc.sctp.SctpConfig;
import dev.osprey.webrtc.sctp.VirtualNetwork;
import java.util.ArrayList;
import java.util.List;

/** A DTLS-client-side and a DTLS-server-side manager on a virtual network. */
final class DataChannelPair {
    static final long SECOND = 1_000_000_000L;

    /** Records everything one channel reports. */
    static final class Recorder implements DataChannelListener {
        final List<Object> messages = new ArrayList<>();
        int opened;
        int closed;

        @Override
        public void onOpen(DataChannel channel) {
            opened++;
        }

        @Override
        public void onMessage(DataChannel channel, String text) {
            messages.add(text);
        }

        @Override
        public void onMessage(DataChannel channel, byte[] data) {
            messages.add(data);
        }

        @Override
        public void onClose(DataChannel channel) {
            closed++;
        }
    }

    /** Accepts remote channels and gives each a recorder. */
    static final class Acceptor implements DataChannelManager.Listener {
        final List<DataChannel> remote = new ArrayList<>();
        final List<Recorder> recorders = new ArrayList<>();
        CloseCause closed;

        @Override
        public void onDataChannel(DataChannel channel) {
            Recorder r = new Recorder();
            channel.setListener(r);
            remote.add(channel);
            recorders.add(r);
        }

        @Override
        public void onClosed(CloseCause cause, String detail) {
            closed = cause;
        }
    }

    final VirtualNetwork net = new VirtualNetwork(3);
    final Acceptor clientEvents = new Acceptor();
    final Acceptor serverEvents = new Acceptor();
    final DataChannelManager client;
    final DataChannelManager server;

    DataChannelPair(SctpConfig clientConfig, SctpConfig serverConfig) {
        client = new DataChannelManager(clientConfig, net.sinkFrom(0), net.clock(), true, clientEvents);
        server = new DataChannelManager(serverConfig, net.sinkFrom(1), net.clock(), false, serverEvents);
        net.attach(0, endpoint(client));
        net.attach(1, endpoint(server));
    }

    DataChannelPair() {
        this(SctpConfig.webRtcDefaults(), SctpConfig.webRtcDefaults());
    }

    DataChannelPair start() {
        client.start();
        server.start();
        net.runFor(SECOND);
        return this;
    }

    void run() {
        net.runFor(SECOND);
    }

    private static VirtualNetwork.Endpoint endpoint(DataChannelManager m) {
        return new VirtualNetwork.Endpoint() {
            @Override
            public void onPacket(byte[] buf, int off, int len) {
                m.onPacket(buf, off, len);
            }

            @Override
            public void tick(long nowNanos) {
                m.tick(nowNanos);
            }

            @Override
            public long nextTimeoutNanos() {
                return m.nextTimeoutNanos();
            }
        };
    }
}
