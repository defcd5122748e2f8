package dev.osprey.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ServerHandshakeTest {
    private final ServerHandshake handshake = new ServerHandshake();

    @Test
    void answersC1WithS0S1AndAnEchoOfC1ThenWaitsForC2() throws Exception {
        byte[] c1 = new byte[ServerHandshake.PACKET_LENGTH];
        new Random(3).nextBytes(c1);
        ByteBuf in = Unpooled.buffer().writeByte(3).writeBytes(c1, 0, 1000);

        assertThat(handshake.read(in, ByteBufAllocator.DEFAULT)).isNull(); // C1 not all there yet
        in.writeBytes(c1, 1000, c1.length - 1000);
        ByteBuf reply = handshake.read(in, ByteBufAllocator.DEFAULT);

        assertThat(reply.readableBytes()).isEqualTo(1 + 2 * ServerHandshake.PACKET_LENGTH);
        assertThat(reply.getByte(0)).isEqualTo((byte) 3);
        assertThat(reply.getInt(5)).as("S1's zero field").isZero();
        assertThat(ByteBufUtil.getBytes(reply, 1 + ServerHandshake.PACKET_LENGTH, ServerHandshake.PACKET_LENGTH))
                .isEqualTo(c1);
        assertThat(handshake.done()).isFalse();

        in.writeBytes(new byte[ServerHandshake.PACKET_LENGTH]).writeBytes(new byte[] {2, 0, 0}); // C2 + first chunk bytes
        assertThat(handshake.read(in, ByteBufAllocator.DEFAULT)).isNull();
        assertThat(handshake.done()).isTrue();
        assertThat(in.readableBytes()).as("the chunk stream's bytes stay").isEqualTo(3);
        reply.release();
    }

    @Test
    void anotherVersionThanThreeIsRefused() {
        ByteBuf in = Unpooled.buffer().writeByte(6).writeBytes(new byte[ServerHandshake.PACKET_LENGTH]);

        assertThatThrownBy(() -> handshake.read(in, ByteBufAllocator.DEFAULT))
                .isInstanceOf(RtmpProtocolException.class).hasMessageContaining("RTMP version 6");
    }
}
