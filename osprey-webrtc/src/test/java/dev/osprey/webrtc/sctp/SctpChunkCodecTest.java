package dev.osprey.webrtc.sctp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** The chunk reader/writer classes on their own: exact bytes, read-back, and what they refuse. */
class SctpChunkCodecTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void dataChunkWritesItsHeaderAndReadsItBack() {
        byte[] buf = new byte[32];
        byte[] payload = {9, 8, 7};
        int len = DataChunk.write(buf, 4, DataChunk.FLAG_BEGIN | DataChunk.FLAG_END, 0x01020304, 5, 6, 51,
                payload, 0, 3);
        assertThat(len).isEqualTo(19);
        assertThat(HEX.formatHex(buf, 4, 4 + len)).isEqualTo("0003" + "0013" + "01020304" + "0005" + "0006"
                + "00000033" + "090807");
        assertThat(DataChunk.isValid(buf, 4, len)).isTrue();
        assertThat(DataChunk.tsn(buf, 4)).isEqualTo(0x01020304);
        assertThat(DataChunk.streamId(buf, 4)).isEqualTo(5);
        assertThat(DataChunk.streamSequenceNumber(buf, 4)).isEqualTo(6);
        assertThat(DataChunk.ppid(buf, 4)).isEqualTo(51);
        assertThat(DataChunk.userDataLength(len)).isEqualTo(3);
        assertThat(buf[DataChunk.userDataOffset(4)]).isEqualTo((byte) 9);
    }

    @Test
    void dataChunkWithoutUserDataOrBeyondTheBufferIsInvalid() {
        byte[] buf = new byte[32];
        int len = DataChunk.write(buf, 0, 3, 1, 0, 0, 51, new byte[0], 0, 0);
        assertThat(len).isEqualTo(16);
        assertThat(DataChunk.isValid(buf, 0, len)).isFalse();
        DataChunk.write(buf, 0, 3, 1, 0, 0, 51, new byte[1], 0, 1);
        assertThat(DataChunk.isValid(buf, 0, 17)).isTrue();
        assertThat(DataChunk.isValid(buf, 20, 17)).isFalse();
    }

    @Test
    void everyWriterRefusesABufferTooSmall() {
        byte[] small = new byte[7];
        assertThat(DataChunk.write(small, 0, 3, 1, 0, 0, 51, new byte[1], 0, 1)).isEqualTo(-1);
        assertThat(InitChunk.writeInit(small, 0, 1, 1000, 1, 1, 1, false)).isEqualTo(-1);
        assertThat(SackChunk.write(small, 0, 1, 1000, new int[0], new int[0], 0, new int[0], 0)).isEqualTo(-1);
        assertThat(HeartbeatChunk.writeRequest(small, 0, 1, 2)).isEqualTo(-1);
        assertThat(AbortChunk.write(small, 0, 12, new byte[8], 8)).isEqualTo(-1);
        assertThat(ShutdownChunk.write(small, 0, 1)).isEqualTo(-1);
        assertThat(HeaderOnlyChunk.write(small, 4, Chunks.COOKIE_ACK)).isEqualTo(-1);
        assertThat(CookieEchoChunk.write(small, 0, new byte[4])).isEqualTo(-1);
        assertThat(ForwardTsnChunk.write(small, 0, 1, new int[0], new int[0], 0)).isEqualTo(-1);
        assertThat(OutgoingResetRequest.write(small, 0, 1, 2, 3, new int[0])).isEqualTo(-1);
        assertThat(ReconfigResponse.write(small, 0, 1, 2)).isEqualTo(-1);
    }

    @Test
    void initAckLeavesRoomForTheCookieAndAnnouncesOurExtensions() {
        byte[] buf = new byte[200];
        int len = InitChunk.writeInitAck(buf, 0, 0x11223344, 1 << 20, 1024, 2048, 77, 8, true);
        assertThat(len).isEqualTo(20 + 12 + 8 + 4 + 8);
        System.arraycopy(HEX.parseHex("0102030405060708"), 0, buf, InitChunk.writtenStateCookieOffset(0), 8);
        assertThat(InitChunk.isValid(buf, 0, len)).isTrue();
        assertThat(InitChunk.initiateTag(buf, 0)).isEqualTo(0x11223344);
        assertThat(InitChunk.advertisedWindow(buf, 0)).isEqualTo(1 << 20);
        assertThat(InitChunk.outboundStreams(buf, 0)).isEqualTo(1024);
        assertThat(InitChunk.inboundStreams(buf, 0)).isEqualTo(2048);
        assertThat(InitChunk.initialTsn(buf, 0)).isEqualTo(77);
        assertThat(InitChunk.features(buf, 0, len)).isEqualTo(InitChunk.FEATURE_FORWARD_TSN
                | InitChunk.FEATURE_RECONFIG | InitChunk.FEATURE_ZERO_CHECKSUM);
        int cookie = InitChunk.stateCookieOffset(buf, 0, len);
        assertThat(cookie).isEqualTo(InitChunk.writtenStateCookieOffset(0));
        assertThat(InitChunk.stateCookieLength(buf, cookie)).isEqualTo(8);
    }

    @Test
    void initWithAParameterRunningPastTheChunkOrAZeroTagIsInvalid() {
        byte[] buf = new byte[200];
        int len = InitChunk.writeInit(buf, 0, 5, 1000, 1, 1, 1, false);
        assertThat(InitChunk.isValid(buf, 0, len)).isTrue();
        assertThat(InitChunk.stateCookieOffset(buf, 0, len)).isEqualTo(-1);
        Chunks.put16(buf, 22, 40);
        assertThat(InitChunk.isValid(buf, 0, len)).isFalse();
        Chunks.put16(buf, 22, 6);
        Chunks.put32(buf, 4, 0);
        assertThat(InitChunk.isValid(buf, 0, len)).isFalse();
    }

    @Test
    void sackCarriesGapBlocksAndDuplicatesAndRefusesCountsItsLengthCannotHold() {
        byte[] buf = new byte[64];
        int len = SackChunk.write(buf, 0, 1000, 5000, new int[] {2, 6}, new int[] {3, 9}, 2, new int[] {999}, 1);
        assertThat(HEX.formatHex(buf, 0, len)).isEqualTo("0300001c" + "000003e8" + "00001388" + "0002" + "0001"
                + "00020003" + "00060009" + "000003e7");
        assertThat(SackChunk.isValid(buf, 0, len)).isTrue();
        assertThat(SackChunk.gapStart(buf, 0, 1)).isEqualTo(6);
        assertThat(SackChunk.gapEnd(buf, 0, 1)).isEqualTo(9);
        Chunks.put16(buf, 12, 3);
        assertThat(SackChunk.isValid(buf, 0, len)).isFalse();
    }

    @Test
    void forwardTsnListsTheSkippedStreamSequenceNumbers() {
        byte[] buf = new byte[32];
        int len = ForwardTsnChunk.write(buf, 0, 4000, new int[] {1, 7}, new int[] {10, 20}, 2);
        assertThat(HEX.formatHex(buf, 0, len)).isEqualTo("c0000010" + "00000fa0" + "0001000a" + "00070014");
        assertThat(ForwardTsnChunk.isValid(buf, 0, len)).isTrue();
        assertThat(ForwardTsnChunk.streamCount(len)).isEqualTo(2);
        assertThat(ForwardTsnChunk.streamId(buf, 0, 1)).isEqualTo(7);
        assertThat(ForwardTsnChunk.streamSequenceNumber(buf, 0, 1)).isEqualTo(20);
    }

    @Test
    void resetRequestWithAnOddStreamCountIsPaddedInsideTheChunk() {
        byte[] buf = new byte[64];
        int p = ReconfigChunk.firstParameter(0);
        p += OutgoingResetRequest.write(buf, p, 10, 20, 30, new int[] {5});
        p += ReconfigResponse.write(buf, p, 40, ReconfigResponse.RESULT_PERFORMED);
        int len = ReconfigChunk.writeHeader(buf, 0, p);
        assertThat(HEX.formatHex(buf, 0, len)).isEqualTo("82000024" + "000d0012" + "0000000a" + "00000014"
                + "0000001e" + "00050000" + "0010000c" + "00000028" + "00000001");
        assertThat(OutgoingResetRequest.streamCount(18)).isEqualTo(1);
        assertThat(OutgoingResetRequest.streamId(buf, 4, 0)).isEqualTo(5);
        assertThat(OutgoingResetRequest.lastAssignedTsn(buf, 4)).isEqualTo(30);
        assertThat(ReconfigResponse.result(buf, 24)).isEqualTo(ReconfigResponse.RESULT_PERFORMED);
    }

    @Test
    void abortCountsTheCausePaddingAndItsReasonReadsBack() {
        byte[] buf = new byte[32];
        byte[] text = "bye".getBytes(StandardCharsets.UTF_8);
        int len = AbortChunk.write(buf, 0, AbortChunk.CAUSE_USER_INITIATED_ABORT, text, text.length);
        assertThat(HEX.formatHex(buf, 0, len)).isEqualTo("0600000c" + "000c0007" + "62796500");
        assertThat(AbortChunk.reason(buf, 0, len)).isEqualTo("cause 12: bye");
        assertThat(AbortChunk.reason(buf, 0, 4)).isEqualTo("no cause");
    }

    @Test
    void heartbeatAckOfOurOwnInfoGivesBackNonceAndSendingTime() {
        byte[] request = new byte[24];
        assertThat(HeartbeatChunk.writeRequest(request, 0, 0x0102030405060708L, 123_456_789L)).isEqualTo(24);
        assertThat(HeartbeatChunk.isValidRequest(request, 0, 24)).isTrue();
        byte[] ack = new byte[24];
        HeartbeatChunk.writeAck(ack, 0, request, HeartbeatChunk.infoOffset(0), HeartbeatChunk.infoLength(24));
        assertThat(HeartbeatChunk.isOwnAck(ack, 0, 24)).isTrue();
        assertThat(HeartbeatChunk.nonce(ack, 0)).isEqualTo(0x0102030405060708L);
        assertThat(HeartbeatChunk.sentAtNanos(ack, 0)).isEqualTo(123_456_789L);
        assertThat(HeartbeatChunk.isOwnAck(request, 0, 24)).as("a request is not an ack").isFalse();
    }
}
