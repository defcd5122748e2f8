package dev.osprey.media.service;

import dev.osprey.media.BroadcastOptions;
import dev.osprey.webrtc.dtls.DtlsConfig;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of a {@link MediaService}.
 *
 * @param advertisedAddresses addresses put in our host candidates; empty = the mux's bound address
 *                            when specific, else every interface address
 * @param startTimeout        a publisher must send media, and a viewer must answer and connect,
 *                            within this long; a publisher whose media stops for this long ends
 *                            (Ant Media's {@code webRTCClientStartTimeoutMs})
 * @param bitrateInterval     how often viewers are told {@code bitrateMeasurement}
 * @param legs                wrappers around the publisher and viewer legs, for tests and diagnostics
 *                            ({@link LegWrappers#NONE} in production)
 * @param dtls                DTLS settings of every transport
 * @param broadcast           forwarding tunables
 */
public record MediaServiceConfig(List<InetAddress> advertisedAddresses, Duration startTimeout,
                                 Duration bitrateInterval, LegWrappers legs, DtlsConfig dtls,
                                 BroadcastOptions broadcast) {

    public MediaServiceConfig {
        advertisedAddresses = List.copyOf(advertisedAddresses);
        Objects.requireNonNull(startTimeout, "startTimeout");
        Objects.requireNonNull(bitrateInterval, "bitrateInterval");
        Objects.requireNonNull(dtls, "dtls");
        Objects.requireNonNull(broadcast, "broadcast");
        Objects.requireNonNull(legs, "legs");
    }

    /** 10 s start timeout, bitrate every 5 s, no wrappers, default DTLS and forwarding settings. */
    public static MediaServiceConfig defaults(List<InetAddress> advertisedAddresses) {
        return new MediaServiceConfig(advertisedAddresses, Duration.ofSeconds(10), Duration.ofSeconds(5), LegWrappers.NONE,
                DtlsConfig.defaults(), BroadcastOptions.defaults());
    }

    public MediaServiceConfig withStartTimeout(Duration timeout) {
        return new MediaServiceConfig(advertisedAddresses, timeout, bitrateInterval, legs, dtls, broadcast);
    }

    public MediaServiceConfig withBitrateInterval(Duration interval) {
        return new MediaServiceConfig(advertisedAddresses, startTimeout, interval, legs, dtls, broadcast);
    }

    public MediaServiceConfig withLegs(LegWrappers wrappers) {
        return new MediaServiceConfig(advertisedAddresses, startTimeout, bitrateInterval, wrappers, dtls, broadcast);
    }
}
