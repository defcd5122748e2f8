package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.net.InetSocketAddress;

/** Where a connection's packets go out: the listener's one UDP channel. */
interface DatagramOutput {
    ByteBufAllocator alloc();

    /** Sends (and flushes) one datagram; takes over {@code packet}. */
    void send(ByteBuf packet, InetSocketAddress to);

    /** The clock connections go by, in nanoseconds. */
    long now();

    /** Runs a task on the event loop the connections live on. */
    void execute(Runnable task);

    /** The connection ended: forget it; {@code rejection}, if not null, answers the caller's retransmissions for a while. */
    void closed(SrtConnection connection, byte[] rejection);
}
