package dev.osprey.ingest.rtmp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The server side of the RTMP handshake (RTMP specification 1.0, §5.2): C0 and C1 in, S0, S1 and S2
 * out, C2 in. This is the plain handshake: S1 carries our time and random bytes, S2 echoes C1, and C2
 * is read but not checked, which is what publishing encoders (OBS's librtmp, FFmpeg) need. The
 * digest handshake of Flash players and RTMPE are not offered.
 */
public final class ServerHandshake {
    /** Length of C1, C2, S1 and S2. */
    public static final int PACKET_LENGTH = 1536;
    private static final int VERSION = 3;

    private enum State { AWAIT_C0_C1, AWAIT_C2, DONE }

    private State state = State.AWAIT_C0_C1;

    /** True once C2 was read: the rest of the connection is the chunk stream. */
    public boolean done() {
        return state == State.DONE;
    }

    /**
     * Consumes what the handshake needs from {@code in} (leaving any chunk-stream bytes that follow
     * C2) and returns what to send, or null when nothing is to be sent yet.
     */
    public ByteBuf read(ByteBuf in, ByteBufAllocator alloc) throws RtmpProtocolException {
        switch (state) {
            case AWAIT_C0_C1 -> {
                if (in.readableBytes() < 1 + PACKET_LENGTH) {
                    return null;
                }
                int version = in.readUnsignedByte();
                if (version != VERSION) {
                    throw new RtmpProtocolException("RTMP version " + version + " requested (only 3 is served; "
                            + "6 would be RTMPE)");
                }
                ByteBuf reply = alloc.buffer(1 + 2 * PACKET_LENGTH);
                reply.writeByte(VERSION);
                reply.writeInt((int) (System.currentTimeMillis() & 0xFFFFFFFFL)).writeInt(0);
                byte[] random = new byte[PACKET_LENGTH - 8];
                ThreadLocalRandom.current().nextBytes(random);
                reply.writeBytes(random);
                reply.writeBytes(in, PACKET_LENGTH); // S2 echoes C1
                state = State.AWAIT_C2;
                return reply;
            }
            case AWAIT_C2 -> {
                if (in.readableBytes() < PACKET_LENGTH) {
                    return null;
                }
                in.skipBytes(PACKET_LENGTH);
                state = State.DONE;
                return null;
            }
            default -> {
                return null;
            }
        }
    }
}
