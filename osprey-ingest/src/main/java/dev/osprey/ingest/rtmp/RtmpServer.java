package dev.osprey.ingest.rtmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The RTMP listener: one {@link RtmpConnection} per accepted TCP connection, each with a listener
 * of its own from the factory. Runs on the event loops it is given; closing it stops accepting and
 * leaves open connections to end on their own.
 */
public final class RtmpServer implements AutoCloseable {
    private final Channel channel;

    private RtmpServer(Channel channel) {
        this.channel = channel;
    }

    /** Binds {@code address} (port 0: any free port) and starts accepting. */
    public static RtmpServer start(InetSocketAddress address, EventLoopGroup group,
                                   Class<? extends ServerChannel> channelType, Supplier<RtmpListener> listeners)
            throws InterruptedException {
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new RtmpConnection(listeners.get()));
                    }
                })
                .bind(address).sync().channel();
        return new RtmpServer(channel);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
    }
}
