package dev.osprey.server.media;

import dev.osprey.media.service.ForwardingLatencyProbe;
import dev.osprey.media.service.LatencyHistogram;
import dev.osprey.media.service.LegWrappers;
import dev.osprey.media.service.LossyLegs;
import dev.osprey.media.service.MediaService;
import dev.osprey.media.service.MediaServiceConfig;
import dev.osprey.server.Config;
import dev.osprey.server.ServerStartException;
import dev.osprey.webrtc.net.UdpMux;
import dev.osprey.webrtc.net.UdpSocketConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server's media plane: one UDP mux (ICE, DTLS, SRTP of its peers) per media loop, each on its own
 * event loop and port ({@code media.udpPort + i}, so the kernel hands a peer's datagrams straight to the
 * loop its session lives on), and one {@link MediaService} per application over all of them.
 */
public final class MediaPlane implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MediaPlane.class);
    /** RFC 7675: consent expires 30 s after the last successful check. */
    private static final Duration CONSENT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONSENT_TICK = Duration.ofSeconds(1);
    private static final int MAX_DATAGRAM = 2048;
    private static final int RECEIVE_BATCH = 32;

    private final List<UdpMux> muxes;
    private final InetAddress advertised;
    private final Map<String, MediaService> services;
    /** Null unless media.probeForwardingLatency is on. */
    private final ForwardingLatencyProbe latencyProbe;

    private MediaPlane(List<UdpMux> muxes, InetAddress advertised, Map<String, MediaService> services,
                       ForwardingLatencyProbe latencyProbe) {
        this.muxes = muxes;
        this.advertised = advertised;
        this.services = services;
        this.latencyProbe = latencyProbe;
    }

    /**
     * Binds {@code media.loops} ports from {@code media.udpPort} on (each a free port when it is 0) on
     * {@code server.host} and starts a service per application.
     *
     * @throws ServerStartException when a port cannot be bound or no address can be advertised
     */
    public static MediaPlane start(Config config) {
        InetAddress advertised;
        InetAddress bind;
        try {
            bind = isWildcard(config.host()) ? null : InetAddress.getByName(config.host());
            advertised = advertisedAddress(config, bind);
        } catch (IOException e) {
            throw new ServerStartException("cannot determine the media address: " + e.getMessage(), e);
        }
        List<UdpMux> muxes = new ArrayList<>();
        for (int i = 0; i < config.effectiveMediaLoops(); i++) {
            int port = config.mediaUdpPort() == 0 ? 0 : config.mediaUdpPort() + i;
            try {
                muxes.add(UdpMux.start(new UdpSocketConfig(bind, port, port, MAX_DATAGRAM, RECEIVE_BATCH, true),
                        CONSENT_TIMEOUT, CONSENT_TICK));
            } catch (IOException e) {
                muxes.forEach(UdpMux::close);
                throw new ServerStartException("cannot bind the media UDP port " + port + ": " + e.getMessage(), e);
            }
        }
        List<LegWrappers> legs = new ArrayList<>();
        if (config.mediaTestDropRate() > 0 || config.mediaTestPublisherDropRate() > 0) {
            LOG.warn("media.testDropRate={}, media.testPublisherDropRate={}: dropping RTP on purpose (a test hook)",
                    config.mediaTestDropRate(), config.mediaTestPublisherDropRate());
            legs.add(new LossyLegs(config.mediaTestPublisherDropRate(), config.mediaTestDropRate()));
        }
        ForwardingLatencyProbe probe = config.mediaProbeForwardingLatency() ? new ForwardingLatencyProbe() : null;
        if (probe != null) {
            legs.add(probe);
        }
        MediaServiceConfig serviceConfig = MediaServiceConfig.defaults(List.of(advertised))
                .withStartTimeout(Duration.ofMillis(config.mediaPublishTimeoutMs()))
                .withLegs(LegWrappers.of(legs));
        Map<String, MediaService> services = new LinkedHashMap<>();
        for (String app : config.applications()) {
            services.put(app, MediaService.create(muxes, serviceConfig));
        }
        MediaPlane plane = new MediaPlane(muxes, advertised, services, probe);
        LOG.info("media on {} loop(s), UDP {} (advertised as {})", muxes.size(), plane.udpPorts(),
                advertised.getHostAddress());
        return plane;
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** media.advertisedAddress, else a specific server.host, else the first non-loopback IPv4 address (loopback as a last resort). */
    private static InetAddress advertisedAddress(Config config, InetAddress bind) throws UnknownHostException, SocketException {
        if (!config.mediaAdvertisedAddress().isEmpty()) {
            return InetAddress.getByName(config.mediaAdvertisedAddress());
        }
        if (bind != null) {
            return bind;
        }
        for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nif.isUp() || nif.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                if (a instanceof Inet4Address && !a.isLinkLocalAddress()) {
                    return a;
                }
            }
        }
        return InetAddress.getLoopbackAddress();
    }

    /** The application's media service. */
    public MediaService service(String application) {
        MediaService service = services.get(application);
        if (service == null) {
            throw new IllegalArgumentException("no application " + application);
        }
        return service;
    }

    /** The first loop's bound UDP port. */
    public int udpPort() {
        return muxes.get(0).localAddress().getPort();
    }

    /** Every loop's bound UDP port, in loop order. */
    public List<Integer> udpPorts() {
        return muxes.stream().map(m -> m.localAddress().getPort()).toList();
    }

    public InetAddress advertisedAddress() {
        return advertised;
    }

    /** Peers registered on the muxes (every open transport); 0 once all sessions released. */
    public int transportCount() {
        return muxes.stream().mapToInt(UdpMux::peerCount).sum();
    }

    /** Ends every session, then closes the muxes; logs the forwarding latency seen since start when probed. */
    @Override
    public void close() {
        for (MediaService service : services.values()) {
            service.close();
        }
        if (latencyProbe != null && latencyProbe.histogram().count() > 0) {
            LatencyHistogram h = latencyProbe.histogram();
            LOG.info("forwarding latency over {} packets: p50 {} us, p99 {} us", h.count(),
                    h.percentileMicros(0.5), h.percentileMicros(0.99));
        }
        muxes.forEach(UdpMux::close);
    }
}
