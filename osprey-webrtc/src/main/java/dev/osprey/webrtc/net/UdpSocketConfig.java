package dev.osprey.webrtc.net;

import java.net.InetAddress;

/**
 * Where and how a {@link UdpSocket} binds.
 *
 * @param bindAddress    local address ({@code null} = all interfaces)
 * @param portMin        first port tried; 0 asks the system for an ephemeral port
 * @param portMax        last port tried (the first free port in [portMin, portMax] is bound)
 * @param maxDatagram    largest datagram received in full (larger ones are truncated by the kernel)
 * @param batchSize      datagrams read per recvmmsg call (epoll only)
 * @param preferNative   use native epoll when available
 */
public record UdpSocketConfig(InetAddress bindAddress, int portMin, int portMax, int maxDatagram, int batchSize,
                              boolean preferNative) {
    public static final int DEFAULT_PORT = 50000;

    public UdpSocketConfig {
        if (portMin < 0 || portMax > 65535 || portMin > portMax) {
            throw new IllegalArgumentException("bad port range " + portMin + "-" + portMax);
        }
        if (maxDatagram < 64 || batchSize < 1) {
            throw new IllegalArgumentException("maxDatagram >= 64 and batchSize >= 1 required");
        }
    }

    /** Port 50000 on all interfaces, 2048-byte datagrams, batches of 32, native epoll. */
    public static UdpSocketConfig defaults() {
        return new UdpSocketConfig(null, DEFAULT_PORT, DEFAULT_PORT, 2048, 32, true);
    }

    public UdpSocketConfig withBindAddress(InetAddress address) {
        return new UdpSocketConfig(address, portMin, portMax, maxDatagram, batchSize, preferNative);
    }

    public UdpSocketConfig withPortRange(int min, int max) {
        return new UdpSocketConfig(bindAddress, min, max, maxDatagram, batchSize, preferNative);
    }

    public UdpSocketConfig withPreferNative(boolean preferNative) {
        return new UdpSocketConfig(bindAddress, portMin, portMax, maxDatagram, batchSize, preferNative);
    }
}
