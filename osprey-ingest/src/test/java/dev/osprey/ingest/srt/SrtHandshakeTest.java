package dev.osprey.ingest.srt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The listener's side of the caller-listener handshake, driven by crafted packets. */
class SrtHandshakeTest {
    private final AtomicLong clock = new AtomicLong(5_000_000_000_000L);
    private final List<SrtPublishRequest> requests = new ArrayList<>();
    private final List<String> closed = new ArrayList<>();
    private SrtDemultiplexer demultiplexer;
    private EmbeddedChannel channel;

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private SrtTestCaller start(SrtSettings settings) {
        demultiplexer = new SrtDemultiplexer(settings, () -> new SrtListener() {
            @Override
            public void onPublishRequest(SrtPublishRequest request) {
                requests.add(request);
            }

            @Override
            public void onPayload(byte[] data, int offset, int length) {
            }

            @Override
            public void onClosed(String reason) {
                closed.add(reason);
            }
        }, clock::get);
        channel = new EmbeddedChannel(demultiplexer);
        return caller(1);
    }

    private SrtTestCaller caller(int n) {
        return new SrtTestCaller(channel, new InetSocketAddress("192.0.2." + n, 4000 + n), 0x100 + n, 77);
    }

    @Test
    void anInductionIsAnsweredWithTheSrtMagicAndACookieAndNothingIsKept() {
        SrtTestCaller caller = start(SrtSettings.defaults());

        ByteBuf answer = caller.induction();

        Handshake hs = Handshake.read(answer.skipBytes(SrtPackets.HEADER_LENGTH));
        assertThat(SrtPackets.destinationSocketId(answer.resetReaderIndex())).isEqualTo(caller.socketId);
        assertThat(hs.version()).isEqualTo(5);
        assertThat(hs.extensionField()).isEqualTo(Handshake.SRT_MAGIC);
        assertThat(hs.type()).isEqualTo(Handshake.INDUCTION);
        assertThat(hs.cookie()).isNotZero();
        assertThat(demultiplexer.connectionCount()).isZero();
    }

    @Test
    void aConclusionWithAWrongCookieGetsNoAnswerAndNoConnection() {
        SrtTestCaller caller = start(SrtSettings.defaults());
        caller.induction();
        caller.cookie ^= 1;

        caller.send(caller.conclusion("LiveApp/x", 0, null));

        assertThat(caller.receiveAll()).isEmpty();
        assertThat(requests).isEmpty();
        assertThat(demultiplexer.badCookies).isEqualTo(1);
    }

    @Test
    void retransmittedConclusionsAskOnceAndGetTheSameResponseOnceAccepted() throws Exception {
        SrtTestCaller caller = start(SrtSettings.defaults().withLatencyMillis(200));
        caller.induction();

        for (int i = 0; i < 3; i++) {
            caller.send(caller.conclusion("LiveApp/stream1", 0, null));
        }
        assertThat(requests).hasSize(1);
        assertThat(caller.receiveAll()).isEmpty();
        SrtPublishRequest request = requests.get(0);
        assertThat(request.streamId()).isEqualTo("LiveApp/stream1");
        assertThat(request.remote()).isEqualTo(caller.address);
        Thread decider = new Thread(request::accept);
        decider.start();
        decider.join();

        ByteBuf response = caller.receive();
        caller.send(caller.conclusion("LiveApp/stream1", 0, null));
        ByteBuf again = caller.receive();

        assertThat(ByteBufUtil.getBytes(again)).isEqualTo(ByteBufUtil.getBytes(response));
        Handshake hs = Handshake.read(response.slice(SrtPackets.HEADER_LENGTH, Handshake.LENGTH));
        assertThat(hs.type()).isEqualTo(Handshake.CONCLUSION);
        assertThat(hs.version()).isEqualTo(5);
        assertThat(hs.initialSequence()).isEqualTo(77);
        assertThat(hs.socketId()).isNotZero().isNotEqualTo(caller.listenerSocketId);
        // HSRSP: the latency is the larger of ours (200) and the caller's (120), both ways.
        int hsrsp = SrtPackets.HEADER_LENGTH + Handshake.LENGTH;
        assertThat(response.getUnsignedShort(hsrsp)).isEqualTo(HandshakeExtensions.HSRSP);
        assertThat(response.getUnsignedShort(hsrsp + 12)).isEqualTo(200);
        assertThat(response.getUnsignedShort(hsrsp + 14)).isEqualTo(200);
        assertThat(requests).hasSize(1);
        assertThat(demultiplexer.connectionCount()).isOne();
    }

    @Test
    void aRefusalAnswersWithItsCodeAndRepeatsItToRetransmissions() {
        SrtTestCaller caller = start(SrtSettings.defaults());
        caller.induction();
        caller.send(caller.conclusion("LiveApp/nope", 0, null));

        requests.get(0).refuse("unknown stream");
        ByteBuf rejection = caller.receive();
        caller.send(caller.conclusion("LiveApp/nope", 0, null));
        ByteBuf again = caller.receive();

        assertThat(rejection.getInt(SrtPackets.HEADER_LENGTH + 20)).isEqualTo(1000 + RejectReason.FORBIDDEN);
        assertThat(ByteBufUtil.getBytes(again)).isEqualTo(ByteBufUtil.getBytes(rejection));
        assertThat(closed).containsExactly("refused: unknown stream");
        assertThat(requests).hasSize(1);
        assertThat(demultiplexer.connectionCount()).isZero();
        requests.get(0).accept(); // too late: ignored
        assertThat(caller.receiveAll()).isEmpty();
    }

    @Test
    void aCallerBeyondTheConnectionLimitIsRejectedForLackOfResources() {
        SrtTestCaller first = start(SrtSettings.defaults().withMaxConnections(1));
        first.induction();
        first.send(first.conclusion("a", 0, null));
        SrtTestCaller second = caller(2);
        second.induction();

        second.send(second.conclusion("b", 0, null));

        assertThat(second.receive().getInt(SrtPackets.HEADER_LENGTH + 20)).isEqualTo(1000 + RejectReason.RESOURCE);
        assertThat(requests).hasSize(1);
    }

    @Test
    void anEncryptingCallerIsRejectedByAListenerWithoutPassphrase() {
        SrtTestCaller caller = start(SrtSettings.defaults());
        caller.induction();

        caller.send(caller.conclusion("a", 0, new byte[32]));

        assertThat(caller.receive().getInt(SrtPackets.HEADER_LENGTH + 20)).isEqualTo(1000 + RejectReason.UNSECURE);
        assertThat(requests).isEmpty();
    }

    @Test
    void aVersionFourConclusionIsRejected() {
        SrtTestCaller caller = start(SrtSettings.defaults());
        caller.induction();

        caller.send(SrtTestCaller.handshake(0, 0, 4, Handshake.UDT_DGRAM, 77, Handshake.CONCLUSION, caller.socketId,
                caller.cookie));

        assertThat(caller.receive().getInt(SrtPackets.HEADER_LENGTH + 20)).isEqualTo(1000 + RejectReason.VERSION);
    }

    @Test
    void aStreamIdIsReadBackFromItsWordReversedEncoding() {
        SrtTestCaller caller = start(SrtSettings.defaults());
        caller.induction();

        caller.send(caller.conclusion("#!::r=live/test,m=publish", 0, null));

        assertThat(requests.get(0).streamId()).isEqualTo("#!::r=live/test,m=publish");
    }
}
