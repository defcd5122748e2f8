package dev.osprey.webrtc.net;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.util.concurrent.TimeUnit;

/**
 * A small group of event-loop threads shared by many {@link UdpSocket}s, so that a process running
 * thousands of client peers (one socket each) needs a handful of threads rather than one per socket.
 * Each socket is pinned to one loop of the group; closing a socket leaves the group running.
 */
public final class UdpEventLoops implements AutoCloseable {
    private final EventLoopGroup group;
    private final boolean nativeTransport;

    private UdpEventLoops(EventLoopGroup group, boolean nativeTransport) {
        this.group = group;
        this.nativeTransport = nativeTransport;
    }

    /**
     * @param threads      loops in the group (e.g. the number of cores)
     * @param preferNative use native epoll when available
     */
    public static UdpEventLoops create(int threads, boolean preferNative) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads >= 1 required");
        }
        boolean useNative = preferNative && Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                useNative ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        return new UdpEventLoops(group, useNative);
    }

    /** A group of one loop for one socket (the socket then owns it and shuts it down on close). */
    static UdpEventLoops single(boolean preferNative) {
        return create(1, preferNative);
    }

    EventLoopGroup group() {
        return group;
    }

    /** True when the sockets of this group use the native epoll transport. */
    public boolean isNative() {
        return nativeTransport;
    }

    /** Stops every loop; sockets still open on the group are closed with it. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
