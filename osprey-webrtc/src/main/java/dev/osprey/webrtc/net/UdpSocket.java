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
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One UDP socket on a single-threaded Netty event loop (its own, or one of a shared
 * {@link UdpEventLoops} group): native epoll with recvmmsg batch receive
 * ({@link EpollChannelOption#MAX_DATAGRAM_PAYLOAD_SIZE}), or NIO when epoll is unavailable.
 *
 * <p>Each received datagram is handed to the {@link DatagramHandler} on the loop as a
 * {@code byte[]} view: heap buffers are passed as they are, direct ones are copied into one reusable
 * array, so receiving allocates nothing of its own. Sends may come from any thread, never block,
 * and are dropped (and counted) when the outbound buffer is above its high-water mark.
 *
 * <p>Sends made on the loop are queued and flushed together: at the end of the receive batch that
 * caused them, after {@link #FLUSH_BATCH} datagrams, or by a flush task queued behind the current
 * one. One flush of many datagrams is one sendmmsg call with epoll, where a flush per datagram would
 * be one sendto system call each (the largest cost of an SFU fan-out).
 */
public final class UdpSocket implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UdpSocket.class);
    private static final int SOCKET_BUFFER = 4 * 1024 * 1024;
    /** Datagrams queued on the loop before a flush is forced (sendmmsg takes up to 1,024). */
    static final int FLUSH_BATCH = 128;
    /** Room for a whole fan-out batch between flushes; above it sends are dropped, not queued. */
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(2 * 1024 * 1024, 4 * 1024 * 1024);

    private final UdpEventLoops loops;
    private final boolean ownsLoops;
    private final Channel channel;
    private final EventLoop loop;
    private final Inbound inbound;
    private final Runnable flushTask = this::flushPending;
    private final AtomicLong sendDrops = new AtomicLong();
    // Loop-confined: datagrams written since the last flush, and whether a flush task is queued.
    private int unflushed;
    private boolean flushQueued;

    private UdpSocket(UdpEventLoops loops, boolean ownsLoops, Channel channel, Inbound inbound) {
        this.loops = loops;
        this.ownsLoops = ownsLoops;
        this.channel = channel;
        this.loop = channel.eventLoop();
        this.inbound = inbound;
        inbound.socket = this;
    }

    /**
     * Binds the first free port of the configured range.
     *
     * @throws BindException when every port of the range is taken
     */
    public static UdpSocket bind(UdpSocketConfig config, DatagramHandler handler) throws IOException {
        return bind(config, handler, UdpEventLoops.single(config.preferNative()), true);
    }

    /**
     * Binds on one loop of a shared group (its transport, epoll or NIO, is the group's); closing the
     * socket leaves the group running.
     *
     * @throws BindException when every port of the range is taken
     */
    public static UdpSocket bind(UdpSocketConfig config, DatagramHandler handler, UdpEventLoops shared)
            throws IOException {
        return bind(config, handler, shared, false);
    }

    private static UdpSocket bind(UdpSocketConfig config, DatagramHandler handler, UdpEventLoops loops,
                                  boolean ownsLoops) throws IOException {
        boolean useNative = loops.isNative();
        EventLoopGroup group = loops.group();
        Bootstrap bootstrap = new Bootstrap()
                .group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK);
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
                Inbound inbound = new Inbound(handler, config.maxDatagram());
                Channel channel = bootstrap.handler(inbound).bind(local).sync().channel();
                if (ownsLoops) {
                    LOG.info("UDP socket bound to {} ({})", channel.localAddress(), useNative ? "epoll" : "nio");
                } else {
                    LOG.debug("UDP socket bound to {} ({})", channel.localAddress(), useNative ? "epoll" : "nio");
                }
                return new UdpSocket(loops, ownsLoops, channel, inbound);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (ownsLoops) {
                    group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
                }
                throw new IOException("interrupted while binding", e);
            } catch (Exception e) {
                last = e; // port taken: try the next one
            }
        }
        if (ownsLoops) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        }
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
        return loops.isNative();
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
        DatagramPacket packet = new DatagramPacket(buf, to);
        if (!loop.inEventLoop()) {
            channel.writeAndFlush(packet, channel.voidPromise());
            return true;
        }
        channel.write(packet, channel.voidPromise());
        if (++unflushed >= FLUSH_BATCH) {
            flushPending();
        } else if (!flushQueued && !inbound.reading) {
            flushQueued = true;
            try {
                loop.execute(flushTask);
            } catch (RejectedExecutionException e) {
                flushPending(); // the loop is shutting down: no task will run after this one
            }
        }
        return true;
    }

    /** On the loop: hands every queued datagram to the kernel (one sendmmsg with epoll). */
    private void flushPending() {
        flushQueued = false;
        if (unflushed > 0) {
            unflushed = 0;
            channel.flush();
        }
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
        if (ownsLoops) {
            loops.close();
        }
    }

    /** Unwraps each datagram into the reusable array and hands it on; flushes the sends a batch caused. */
    private static final class Inbound extends ChannelInboundHandlerAdapter {
        private final DatagramHandler handler;
        private final byte[] scratch;
        private UdpSocket socket;
        /** True between the first datagram of a receive batch and its end (loop-confined). */
        boolean reading;

        Inbound(DatagramHandler handler, int maxDatagram) {
            this.handler = handler;
            this.scratch = new byte[maxDatagram];
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            reading = true;
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
        public void channelReadComplete(ChannelHandlerContext ctx) {
            reading = false;
            UdpSocket owner = socket;
            if (owner != null) {
                owner.flushPending();
            } else {
                ctx.channel().flush(); // a batch that arrived while the socket was still being set up
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // ICMP port unreachable and similar errors surface here; the socket stays usable.
            LOG.debug("UDP socket error", cause);
        }
    }
}
