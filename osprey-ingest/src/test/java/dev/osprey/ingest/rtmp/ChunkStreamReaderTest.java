package dev.osprey.ingest.rtmp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkStreamReaderTest {
    private final List<String> messages = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final ChunkStreamReader reader = new ChunkStreamReader(1 << 20, (csid, type, msid, ts, payload) -> {
        messages.add("cs" + csid + " type" + type + " ms" + msid + " t" + ts + " " + payload.length + "B");
        payloads.add(payload);
    });

    @Test
    void aMessageLongerThanTheChunkSizeIsReassembledFromType3Chunks() throws Exception {
        byte[] video = pattern(300);
        ByteBuf in = Unpooled.buffer();
        header0(in, 6, 1000, video.length, 9, 1);
        in.writeBytes(video, 0, 128);
        in.writeByte(0xC0 | 6).writeBytes(video, 128, 128);
        in.writeByte(0xC0 | 6).writeBytes(video, 256, 44);

        reader.read(in);

        assertThat(messages).containsExactly("cs6 type9 ms1 t1000 300B");
        assertThat(payloads.get(0)).isEqualTo(video);
        assertThat(in.isReadable()).isFalse();
    }

    @Test
    void timestampDeltasFollowTheSpecificationsAudioExample() throws Exception {
        // RTMP 1.0 §5.3.2.1 example 1: type 0 at 1000, type 2 with delta 20, then two type 3 headers.
        ByteBuf in = Unpooled.buffer();
        header0(in, 3, 1000, 32, 8, 12345);
        in.writeBytes(pattern(32));
        in.writeByte(0x80 | 3).writeMedium(20).writeBytes(pattern(32));
        in.writeByte(0xC0 | 3).writeBytes(pattern(32));
        in.writeByte(0xC0 | 3).writeBytes(pattern(32));
        // type 1: new length and type, delta 40
        in.writeByte(0x40 | 3).writeMedium(40).writeMedium(5).writeByte(18).writeBytes(pattern(5));

        reader.read(in);

        assertThat(messages).containsExactly("cs3 type8 ms12345 t1000 32B", "cs3 type8 ms12345 t1020 32B",
                "cs3 type8 ms12345 t1040 32B", "cs3 type8 ms12345 t1060 32B", "cs3 type18 ms12345 t1100 5B");
    }

    @Test
    void extendedTimestampsAreReadInEveryChunkOfTheMessage() throws Exception {
        byte[] video = pattern(200);
        ByteBuf in = Unpooled.buffer();
        in.writeByte(6).writeMedium(0xFFFFFF).writeMedium(video.length).writeByte(9).writeIntLE(1).writeInt(0x01020304);
        in.writeBytes(video, 0, 128);
        in.writeByte(0xC0 | 6).writeInt(0x01020304).writeBytes(video, 128, 72);

        reader.read(in);

        assertThat(messages).containsExactly("cs6 type9 ms1 t16909060 200B");
        assertThat(payloads.get(0)).isEqualTo(video);
    }

    @Test
    void setChunkSizeAppliesFromTheNextChunkAndTwoAndThreeByteIdsWork() throws Exception {
        ByteBuf in = Unpooled.buffer();
        header0(in, 2, 0, 4, ChunkStreamReader.SET_CHUNK_SIZE, 0);
        in.writeInt(4096);
        byte[] big = pattern(3000);
        in.writeByte(0).writeByte(100 - 64); // two-byte id: 100
        in.writeMedium(0).writeMedium(big.length).writeByte(9).writeIntLE(1).writeBytes(big);
        in.writeByte(1).writeShortLE(400 - 64); // three-byte id: 400
        in.writeMedium(7).writeMedium(3).writeByte(8).writeIntLE(1).writeBytes(pattern(3));

        reader.read(in);

        assertThat(reader.chunkSize()).isEqualTo(4096);
        assertThat(messages).containsExactly("cs100 type9 ms1 t0 3000B", "cs400 type8 ms1 t7 3B");
    }

    @Test
    void bytesArrivingOneAtATimeGiveTheSameMessages() throws Exception {
        ByteBuf whole = Unpooled.buffer();
        byte[] video = pattern(700);
        header0(whole, 6, 33, video.length, 9, 1);
        for (int off = 0; off < video.length; off += 128) {
            if (off > 0) {
                whole.writeByte(0xC0 | 6);
            }
            whole.writeBytes(video, off, Math.min(128, video.length - off));
        }
        header0(whole, 4, 40, 2, 8, 1);
        whole.writeBytes(pattern(2));
        ByteBuf cumulation = Unpooled.buffer();

        while (whole.isReadable()) {
            cumulation.writeByte(whole.readByte());
            reader.read(cumulation);
            cumulation.discardReadBytes();
        }

        assertThat(messages).containsExactly("cs6 type9 ms1 t33 700B", "cs4 type8 ms1 t40 2B");
        assertThat(payloads.get(0)).isEqualTo(video);
    }

    @Test
    void abortDropsThePartOfAMessageAlreadyReceived() throws Exception {
        ByteBuf in = Unpooled.buffer();
        header0(in, 6, 0, 300, 9, 1);
        in.writeBytes(pattern(128));
        header0(in, 2, 0, 4, ChunkStreamReader.ABORT, 0);
        in.writeInt(6);
        header0(in, 6, 50, 3, 9, 1); // a fresh message on the aborted stream
        in.writeBytes(pattern(3));

        reader.read(in);

        assertThat(messages).containsExactly("cs6 type9 ms1 t50 3B");
    }

    @Test
    void protocolViolationsAndLimitsCloseTheConnectionWithAReason() {
        assertRefused(Unpooled.buffer().writeByte(0x40 | 5).writeMedium(0).writeMedium(1).writeByte(8), "starts with a type 1 header");
        ByteBuf tooLong = Unpooled.buffer();
        new ChunkStreamReaderTest().header0(tooLong, 5, 0, (1 << 20) + 1, 9, 1);
        tooLong.writeBytes(new byte[128]);
        assertRefused(tooLong, "limit 1048576");
        ByteBuf zeroChunk = Unpooled.buffer();
        header0(zeroChunk, 2, 0, 4, ChunkStreamReader.SET_CHUNK_SIZE, 0);
        zeroChunk.writeInt(0);
        assertRefused(zeroChunk, "chunk size 0");
        ByteBuf tooMany = Unpooled.buffer();
        for (int csid = 3; csid < 3 + ChunkStreamReader.MAX_CHUNK_STREAMS + 1; csid++) {
            tooMany.writeByte(0).writeByte(csid).writeMedium(0).writeMedium(200).writeByte(9).writeIntLE(1)
                    .writeBytes(new byte[128]);
        }
        assertRefused(tooMany, "more than 64 chunk streams");
        ByteBuf interleavedHeader = Unpooled.buffer();
        header0(interleavedHeader, 6, 0, 300, 9, 1);
        interleavedHeader.writeBytes(new byte[128]);
        header0(interleavedHeader, 6, 0, 10, 9, 1);
        interleavedHeader.writeBytes(new byte[10]);
        assertRefused(interleavedHeader, "before the last message ended");
    }

    @Test
    void aLargeAnnouncedMessageHoldsOnlyTheBytesThatArrived() throws Exception {
        ChunkStreamReader big = new ChunkStreamReader(0xFFFFFF, (a, b, c, d, e) -> { });
        ByteBuf in = Unpooled.buffer();
        header0(in, 6, 0, 0xFFFFFF, 9, 1);
        in.writeBytes(new byte[128]);
        long before = allocatedBytes();

        big.read(in);

        // 16 MB announced, 128 bytes sent: the reader's buffer stays a few KB
        assertThat(allocatedBytes() - before).isLessThan(64 * 1024);
    }

    @Test
    void tenThousandMangledStreamsOnlyEverRaiseTheProtocolError() {
        ByteBuf valid = Unpooled.buffer();
        header0(valid, 2, 0, 4, ChunkStreamReader.SET_CHUNK_SIZE, 0);
        valid.writeInt(256);
        header0(valid, 6, 1000, 600, 9, 1);
        valid.writeBytes(pattern(256)).writeByte(0xC0 | 6).writeBytes(pattern(256)).writeByte(0xC0 | 6).writeBytes(pattern(88));
        valid.writeByte(0x80 | 6).writeMedium(33).writeBytes(pattern(256));
        byte[] template = new byte[valid.readableBytes()];
        valid.readBytes(template);
        Random random = new Random(1935);
        List<String> unexpected = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            byte[] input = template.clone();
            if (i % 4 == 0) {
                input = new byte[random.nextInt(2048)];
                random.nextBytes(input);
            } else {
                for (int flips = 1 + random.nextInt(6); flips > 0; flips--) {
                    input[random.nextInt(input.length)] = (byte) random.nextInt(256);
                }
            }
            ChunkStreamReader fresh = new ChunkStreamReader(1 << 20, (a, b, c, d, e) -> { });
            try {
                fresh.read(Unpooled.wrappedBuffer(input));
            } catch (RtmpProtocolException expected) {
                // refused: fine
            } catch (RuntimeException e) {
                unexpected.add(e.toString());
            }
        }
        assertThat(unexpected).isEmpty();
    }

    private ByteBuf header0(ByteBuf in, int csid, int timestamp, int length, int type, int messageStreamId) {
        return in.writeByte(csid).writeMedium(timestamp).writeMedium(length).writeByte(type).writeIntLE(messageStreamId);
    }

    private void assertRefused(ByteBuf in, String reason) {
        ChunkStreamReader fresh = new ChunkStreamReader(1 << 20, (a, b, c, d, e) -> { });
        assertThatThrownBy(() -> fresh.read(in)).isInstanceOf(RtmpProtocolException.class).hasMessageContaining(reason);
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 7 + n);
        }
        return b;
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }
}
