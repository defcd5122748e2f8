package dev.osprey.ingest.srt;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The SRT listener (receiver side, live mode): one UDP port serving many callers at once, each a
 * connection with a listener of its own from the factory, told apart by the caller's
 * address and the socket id we gave it. All of them run on the one channel's event loop.
 */
public final class SrtServer implements AutoCloseable {
    private static final int RECEIVE_BUFFER_BYTES = 4 * 1024 * 1024;
    private final Channel channel;
    private final SrtDemultiplexer demultiplexer;

    private SrtServer(Channel channel, SrtDemultiplexer demultiplexer) {
        this.channel = channel;
        this.demultiplexer = demultiplexer;
    }

    /**
     * Binds {@code address} (port 0: any free port) and starts serving callers.
     *
     * @param channelType {@code NioDatagramChannel} or {@code EpollDatagramChannel}, matching the group
     * @param listeners   called once per caller that passed the handshake, before its request is asked
     */
    public static SrtServer start(InetSocketAddress address, EventLoopGroup group,
                                  Class<? extends DatagramChannel> channelType, SrtSettings settings,
                                  Supplier<SrtListener> listeners) throws InterruptedException {
        return start(address, group, channelType, settings, listeners, null);
    }

    /** As {@link #start(InetSocketAddress, EventLoopGroup, Class, SrtSettings, Supplier)}, with a handler before ours (tests: a lossy link). */
    static SrtServer start(InetSocketAddress address, EventLoopGroup group, Class<? extends DatagramChannel> channelType,
                           SrtSettings settings, Supplier<SrtListener> listeners, ChannelHandler inFront)
            throws InterruptedException {
        SrtDemultiplexer demultiplexer = new SrtDemultiplexer(settings, listeners, System::nanoTime);
        Channel channel = new Bootstrap()
                .group(group)
                .channel(channelType)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER_BYTES)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(2048))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        if (inFront != null) {
                            ch.pipeline().addLast(inFront);
                        }
                        ch.pipeline().addLast(demultiplexer);
                    }
                })
                .bind(address).sync().channel();
        return new SrtServer(channel, demultiplexer);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Callers being served (waiting for a decision or sending). */
    public int connections() {
        if (channel.eventLoop().inEventLoop()) {
            return demultiplexer.connectionCount();
        }
        return channel.eventLoop().submit(demultiplexer::connectionCount).syncUninterruptibly().getNow();
    }

    /** Datagrams dropped because they were too short or malformed, since start. */
    public long malformedDatagrams() {
        return demultiplexer.malformed;
    }

    /** Closes every connection (each caller is sent a shutdown) and the port. */
    @Override
    public void close() {
        channel.eventLoop().submit(() -> demultiplexer.closeAll("the listener closed")).syncUninterruptibly();
        channel.close().syncUninterruptibly();
    }
}
