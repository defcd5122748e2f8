package dev.osprey.webrtc.net;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket on its own single-threaded Netty event loop: native epoll with recvmmsg batch
 * receive ({@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE}), or NIO when epoll is unavailable.
 *
 * <p>Each received datagram is handed to the {@link DatagramHandler} on the loop as a
 * {@code byte[]} view: heap buffers are passed as they are, direct ones are copied into one reusable
 * array, so receiving allocates nothing of its own. Sends may come from any thread, never block,
 * and are dropped (and counted) when the outbound buffer is above its high-water mark.
 */
public final class UdpSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;

    private final EventLoopGroup group;
    private final Channel channel;
    private final boolean nativeTransport;
    private final AtomicLong sendDrops = new AtomicLong();

    private UdpSocket(EventLoopGroup group, Channel channel, boolean nativeTransport) {
        this.group = group;
        this.channel = channel;
        this.nativeTransport = nativeTransport;
    }

    /**
     * Binds the first free port of the configured range.
     *
     * @throws BindException when every port of the range is taken
     */
    public static UdpSocket bind(UdpSocketConfig config, DatagramHandler handler) throws IOException {
        boolean useNative = config.preferNative() && Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                useNative ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        if (useNative) {
            bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, config.maxDatagram())
                    .option(ChannelOption.RCVBUF_ALLOCATOR,
                            new FixedRecvByteBufAllocator(config.maxDatagram() * config.batchSize()));
        } else {
            bootstrap.channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(config.maxDatagram()));
        }
        Throwable last = null;
        for (int port = config.portMin(); port <= config.portMax(); port++) {
            InetSocketAddress local = config.bindAddress() == null
                    ? new InetSocketAddress(port) : new InetSocketAddress(config.bindAddress(), port);
            try {
                // A fresh handler per attempt: a failed bind leaves the previous one in a closed pipeline.
                Channel channel = bootstrap.handler(new Inbound(handler, config.maxDatagram())).bind(local).sync().channel();
                LOG.info("UDP media socket bound to {} ({})", channel.localAddress(), useNative ? "epoll" : "nio");
                return new UdpSocket(group, channel, useNative);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                throw new IOException("interrupted while binding", e);
            } catch (Exception e) {
                last = e; // port taken: try the next one
            }
        }
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        BindException failure = new BindException("no free UDP port in " + config.portMin() + "-" + config.portMax());
        if (last != null) {
            failure.initCause(last);
        }
        throw failure;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The loop that reads this socket and runs every handler callback. */
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** True when the native epoll transport is in use. */
    public boolean isNative() {
        return nativeTransport;
    }

    /**
     * Sends a datagram and takes ownership of {@code buf} (released after sending or on drop).
     *
     * @return false when dropped because the socket is closed or its outbound buffer is full
     */
    public boolean send(ByteBuf buf, InetSocketAddress to) {
        if (!channel.isActive() || !channel.isWritable()) {
            buf.release();
            sendDrops.incrementAndGet();
            return false;
        }
        channel.writeAndFlush(new DatagramPacket(buf, to), channel.voidPromise());
        return true;
    }

    /** Copies the bytes into a pooled direct buffer and sends it. */
    public boolean send(byte[] buf, int off, int len, InetSocketAddress to) {
        ByteBuf out = channel.alloc().directBuffer(len, len);
        out.writeBytes(buf, off, len);
        return send(out, to);
    }

    /** Datagrams dropped on send because the socket could not take them. */
    public long sendDrops() {
        return sendDrops.get();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** Unwraps each datagram into the reusable array and hands it on. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final DatagramHandler handler;
        private final byte[] scratch;

        Inbound(DatagramHandler handler, int maxDatagram) {
            this.handler = handler;
            this.scratch = new byte[maxDatagram];
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            DatagramPacket packet = (DatagramPacket) msg;
            try {
                ByteBuf content = packet.content();
                int len = Math.min(content.readableBytes(), scratch.length);
                if (content.hasArray()) {
                    handler.onDatagram(content.array(), content.arrayOffset() + content.readerIndex(), len,
                            packet.sender());
                } else {
                    content.getBytes(content.readerIndex(), scratch, 0, len);
                    handler.onDatagram(scratch, 0, len, packet.sender());
                }
            } catch (RuntimeException e) {
                // A handler bug must not kill the socket for every other peer.
                LOG.warn("datagram handler failed for a datagram from {}", packet.sender(), e);
            } finally {
                packet.release();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and similar errors surface here; the socket stays usable.
            LOG.debug("UDP socket error", cause);
        }
    }
}
