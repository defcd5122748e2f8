package dev.osprey.webrtc.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sends made on the socket's loop are queued and flushed together, and cost little allocation each. */
class UdpSocketBatchingTest {
    private static final UdpSocketConfig LOOPBACK =
            new UdpSocketConfig(InetAddress.getLoopbackAddress(), 0, 0, 2048, 8, true);

    @Test
    void sendsQueuedOnTheLoopReachThePeerWithoutAnExplicitFlush() throws Exception {
        try (UdpSocket socket = UdpSocket.bind(LOOPBACK, (buf, off, len, from) -> { });
             DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress to = (InetSocketAddress) sink.getLocalAddress();
            int count = UdpSocket.FLUSH_BATCH + 5; // one forced flush, then five left for the flush task
            socket.eventLoop().submit(() -> {
                for (int i = 0; i < count; i++) {
                    assertThat(socket.send(new byte[] {(byte) 0x80, (byte) i}, 0, 2, to)).isTrue();
                }
            }).get(5, TimeUnit.SECONDS);
            ByteBuffer b = ByteBuffer.allocate(64);
            for (int i = 0; i < count; i++) {
                b.clear();
                sink.receive(b);
                assertThat(b.get(1)).isEqualTo((byte) i);
            }
            assertThat(socket.sendDrops()).isZero();
        }
    }

    @Test
    void aSendOnTheLoopAllocatesAFewSmallObjectsOnly() throws Exception {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (UdpSocket socket = UdpSocket.bind(LOOPBACK, (buf, off, len, from) -> { });
             DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress to = (InetSocketAddress) sink.getLocalAddress();
            byte[] packet = new byte[1200];
            packet[0] = (byte) 0x80;
            Runnable burst = () -> {
                for (int i = 0; i < 1000; i++) {
                    socket.send(packet, 0, packet.length, to);
                }
            };
            for (int i = 0; i < 50; i++) {
                socket.eventLoop().submit(burst).get(5, TimeUnit.SECONDS); // warm up the JIT and the pools
            }
            long perDatagram = socket.eventLoop().submit(() -> {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 10; i++) {
                    burst.run();
                }
                return (threads.getCurrentThreadAllocatedBytes() - before) / 10_000;
            }).get(10, TimeUnit.SECONDS);
            // Measured 50-70 bytes: the DatagramPacket envelope (24) and the allocator's buffer object; the
            // buffer memory and Netty's outbound queue entries are pooled. A per-send copy of the 1,200-byte
            // packet on the heap would show here.
            assertThat(perDatagram).isLessThanOrEqualTo(128);
        }
    }
}
