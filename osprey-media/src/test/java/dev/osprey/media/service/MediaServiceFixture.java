package dev.osprey.media.service;

import static dev.osprey.media.service.ClientPeers.LOOPBACK;

import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import dev.osprey.webrtc.transport.LocalTransport;
import dev.osprey.webrtc.transport.PeerTransport;
import dev.osprey.webrtc.transport.PeerTransportListener;
import dev.osprey.webrtc.transport.RemotePeer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A {@link MediaService} on its own loopback mux (or muxes: one per media loop), and the client-role peers
 * a test connects to it; {@link #close()} ends the peers' media pumps, the peers, the service and the muxes.
 */
final class MediaServiceFixture implements AutoCloseable {

    /** The first loop's mux. */
    final UdpMux mux;
    final List<UdpMux> muxes;
    final MediaService service;
    private final ScheduledExecutorService pumps = Executors.newSingleThreadScheduledExecutor();
    private final List<PeerTransport> clients = new CopyOnWriteArrayList<>();

    private MediaServiceFixture(List<UdpMux> muxes, MediaService service) {
        this.mux = muxes.get(0);
        this.muxes = muxes;
        this.service = service;
    }

    /**
     * The service with the defaults for loopback, adjusted by {@code config}, on one media loop, or on the
     * number of loops the system property {@code osprey.test.mediaLoops} says (with every viewer placed
     * on the least busy loop, so the suite crosses loops wherever it can).
     */
    static MediaServiceFixture start(UnaryOperator<MediaServiceConfig> config) throws Exception {
        int loops = Integer.getInteger("osprey.test.mediaLoops", 1);
        return start(loops, loops > 1 ? 0 : MediaService.DEFAULT_VIEWER_SLACK, config);
    }

    /** As {@link #start(UnaryOperator)} on {@code loops} media loops, placing viewers with {@code viewerSlack}. */
    static MediaServiceFixture start(int loops, int viewerSlack, UnaryOperator<MediaServiceConfig> config)
            throws Exception {
        List<UdpMux> muxes = new ArrayList<>();
        for (int i = 0; i < loops; i++) {
            muxes.add(UdpMux.start(new UdpSocketConfig(LOOPBACK, 0, 0, 2048, 32, true), Duration.ofSeconds(30),
                    Duration.ofMillis(200)));
        }
        return new MediaServiceFixture(muxes, MediaService.create(muxes,
                config.apply(MediaServiceConfig.defaults(List.of(LOOPBACK))), viewerSlack));
    }

    /** Transports registered on every loop's mux. */
    int peerCount() {
        return muxes.stream().mapToInt(UdpMux::peerCount).sum();
    }

    /** A client-role peer towards the service, closed with the fixture. */
    PeerTransport connect(LocalTransport local, RemotePeer remote, PeerTransportListener listener) throws Exception {
        PeerTransport client = ClientPeers.connect(local, remote, listener);
        clients.add(client);
        return client;
    }

    /** Sends a VP8 frame and an Opus packet every 10 ms from {@code client} while it is connected. */
    void pump(PeerTransport client) {
        ClientPeers.MediaPump pump = new ClientPeers.MediaPump(client);
        every10ms(() -> {
            if (client.state() == PeerTransport.State.CONNECTED) {
                pump.sendFrame();
            }
        });
    }

    /** Runs {@code task} every 10 ms until the fixture closes (a test's own packet source). */
    void every10ms(Runnable task) {
        pumps.scheduleAtFixedRate(task, 10, 10, TimeUnit.MILLISECONDS);
    }

    /** Stops every media pump: the publishers go silent. */
    void stopPumps() {
        pumps.shutdownNow();
    }

    @Override
    public void close() {
        pumps.shutdownNow();
        clients.forEach(PeerTransport::close);
        service.close();
        muxes.forEach(UdpMux::close);
    }
}
