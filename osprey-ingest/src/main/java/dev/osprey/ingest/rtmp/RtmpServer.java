package dev.osprey.ingest.rtmp;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * The RTMP listener: one {@link RtmpConnection} per accepted TCP connection, each with a listener
 * of its own from the factory. Runs on the event loops it is given; closing it stops accepting and
 * closes the open connections (their listeners hear {@code onClosed}).
 */
public final class RtmpServer implements AutoCloseable {
    private final Channel channel;
    private final ChannelGroup connections;

    private RtmpServer(Channel channel, ChannelGroup connections) {
        this.channel = channel;
        this.connections = connections;
    }

    /** Binds {@code address} (port 0: any free port) and starts accepting plain RTMP. */
    public static RtmpServer start(InetSocketAddress address, EventLoopGroup group,
                                   Class<? extends ServerChannel> channelType, Supplier<RtmpListener> listeners)
            throws InterruptedException {
        return start(address, group, channelType, null, listeners);
    }

    /** As above, with every connection inside TLS ({@code rtmps://}) when {@code tls} is not null. */
    public static RtmpServer start(InetSocketAddress address, EventLoopGroup group,
                                   Class<? extends ServerChannel> channelType, SslContext tls,
                                   Supplier<RtmpListener> listeners) throws InterruptedException {
        ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
        Channel channel = new ServerBootstrap()
                .group(group)
                .channel(channelType)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        connections.add(ch);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast(new RtmpConnection(listeners.get()));
                    }
                })
                .bind(address).sync().channel();
        return new RtmpServer(channel, connections);
    }

    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        connections.close().awaitUninterruptibly();
    }
}
