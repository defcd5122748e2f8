package dev.osprey.ingest.srt;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A hand-made SRT caller talking to a {@link SrtDemultiplexer} in an {@link EmbeddedChannel}. */
final class SrtTestCaller {
    static final InetSocketAddress LISTENER = new InetSocketAddress("127.0.0.1", 9000);
    final EmbeddedChannel channel;
    final InetSocketAddress address;
    final int socketId;
    final int initialSequence;
    int cookie;
    int listenerSocketId;

    SrtTestCaller(EmbeddedChannel channel, InetSocketAddress address, int socketId, int initialSequence) {
        this.channel = channel;
        this.address = address;
        this.socketId = socketId;
        this.initialSequence = initialSequence;
    }

    static ByteBuf handshake(int destination, int timestamp, int version, int extensionField, int isn, int type,
                             int socketId, int cookie) {
        ByteBuf b = Unpooled.buffer();
        SrtPackets.writeControlHeader(b, SrtPackets.CONTROL_HANDSHAKE, 0, 0, timestamp, destination);
        new Handshake(version, 0, extensionField, isn, 1500, 8192, type, socketId, cookie).write(b, null);
        return b;
    }

    /** Sends the induction and keeps the cookie of the answer. */
    ByteBuf induction() {
        send(handshake(0, 0, 4, Handshake.UDT_DGRAM, initialSequence, Handshake.INDUCTION, socketId, 0));
        ByteBuf answer = receive();
        cookie = answer.getInt(SrtPackets.HEADER_LENGTH + 28);
        listenerSocketId = answer.getInt(SrtPackets.HEADER_LENGTH + 24);
        return answer;
    }

    /** A conclusion with HSREQ (120 ms both ways), the stream id and, if given, key material. */
    ByteBuf conclusion(String streamId, int timestamp, byte[] keyMaterial) {
        ByteBuf b = handshake(0, timestamp, 5, Handshake.EXT_HSREQ | Handshake.EXT_CONFIG
                        | (keyMaterial != null ? Handshake.EXT_KMREQ : 0), initialSequence, Handshake.CONCLUSION,
                socketId, cookie);
        b.writeShort(HandshakeExtensions.HSREQ).writeShort(3);
        b.writeInt(0x00010503).writeInt(0x3F).writeShort(120).writeShort(120);
        if (keyMaterial != null) {
            b.writeShort(HandshakeExtensions.KMREQ).writeShort(keyMaterial.length / 4).writeBytes(keyMaterial);
        }
        ByteBuf sid = Unpooled.buffer();
        HandshakeExtensions.writeString(sid, streamId);
        b.writeShort(HandshakeExtensions.SID).writeShort(sid.readableBytes() / 4).writeBytes(sid);
        return b;
    }

    static ByteBuf data(int destination, int seq, int timestamp, boolean retransmitted, byte[] payload) {
        ByteBuf b = Unpooled.buffer();
        b.writeInt(seq & SequenceNumbers.MAX);
        b.writeInt(0xC000_0000 | (retransmitted ? 1 << 26 : 0) | 1);
        b.writeInt(timestamp);
        b.writeInt(destination);
        b.writeBytes(payload);
        return b;
    }

    static ByteBuf control(int type, int typeSpecific, int destination, int... cif) {
        ByteBuf b = Unpooled.buffer();
        SrtPackets.writeControlHeader(b, type, 0, typeSpecific, 0, destination);
        for (int w : cif) {
            b.writeInt(w);
        }
        return b;
    }

    void send(ByteBuf packet) {
        channel.writeInbound(new DatagramPacket(packet, LISTENER, address));
        channel.runPendingTasks();
        channel.checkException();
    }

    /** The next datagram the listener sent (to anyone), or null. */
    ByteBuf receive() {
        channel.runPendingTasks();
        DatagramPacket p = channel.readOutbound();
        if (p == null) {
            return null;
        }
        ByteBuf copy = Unpooled.copiedBuffer(p.content());
        p.release();
        return copy;
    }

    /** Every datagram the listener sent since the last look. */
    List<ByteBuf> receiveAll() {
        List<ByteBuf> all = new ArrayList<>();
        for (ByteBuf b = receive(); b != null; b = receive()) {
            all.add(b);
        }
        return all;
    }

    static boolean isControl(ByteBuf b, int type) {
        return SrtPackets.isControl(b) && SrtPackets.controlType(b) == type;
    }
}
