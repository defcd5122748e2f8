package dev.osprey.webrtc.datachannel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.sctp.SctpConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A peer cannot make the server keep an unbounded number of data channels, nor huge labels. */
class DataChannelLimitsTest {

    /** The defaults, but with every stream id usable, so that only the channel limit holds the peer back. */
    private static SctpConfig allStreams() {
        SctpConfig d = SctpConfig.webRtcDefaults();
        return new SctpConfig(d.localPort(), d.remotePort(), d.maxPacketSize(), d.receiveBufferBytes(),
                d.maxInboundMessageSize(), d.remoteMaxMessageSize(), d.sendBufferBytes(), 65_535, d.rtoInitial(),
                d.rtoMin(), d.rtoMax(), d.maxRetransmissions(), d.maxInitRetransmissions(), d.heartbeatInterval(),
                d.delayedAck(), d.zeroChecksumAcceptable(), d.maxInitAcksPerSecond());
    }

    @Test
    void aPeerOpeningTenThousandChannelsGetsTheCapTheRestAreResetAndOldChannelsWorkOn() {
        DataChannelPair p = new DataChannelPair(allStreams(), allStreams()).start();
        DataChannelPair.Recorder chatEvents = new DataChannelPair.Recorder();
        DataChannel chat = p.client.createDataChannel(DataChannelInit.reliable("chat"), chatEvents);
        p.run();
        assertThat(p.serverEvents.remote).hasSize(1);

        List<DataChannel> opened = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            opened.add(p.client.createDataChannel(DataChannelInit.reliable("c" + i), null));
        }
        p.net.runFor(20 * DataChannelPair.SECOND);

        int refused = 10_001 - DataChannelManager.MAX_CHANNELS;
        assertThat(p.server.channels()).hasSize(DataChannelManager.MAX_CHANNELS);
        assertThat(p.serverEvents.remote).hasSize(DataChannelManager.MAX_CHANNELS);
        assertThat(p.server.channelsRefused()).isEqualTo(refused);
        // The refused ones were never acknowledged and were reset: the peer sees them closed.
        assertThat(opened.stream().filter(c -> c.state() == DataChannel.State.CLOSED)).hasSize(refused);
        assertThat(opened.stream().filter(c -> c.state() == DataChannel.State.OPEN))
                .hasSize(DataChannelManager.MAX_CHANNELS - 1)
                .allMatch(c -> !c.awaitingAck);

        assertThat(chat.send("still here")).isTrue();
        p.serverEvents.remote.get(0).send("and here");
        p.run();
        assertThat(p.serverEvents.recorders.get(0).messages).containsExactly("still here");
        assertThat(chatEvents.messages).containsExactly("and here");
    }

    @Test
    void anOpenWithALabelOrProtocolOver1024BytesIsRefusedAndReset() {
        DataChannelPair p = new DataChannelPair().start();
        String longest = "l".repeat(Dcep.MAX_LABEL_BYTES);
        DataChannel accepted = p.client.createDataChannel(DataChannelInit.reliable(longest).withProtocol(longest),
                null);
        DataChannel longLabel = p.client.createDataChannel(DataChannelInit.reliable(longest + "x"), null);
        DataChannel longProtocol = p.client.createDataChannel(
                DataChannelInit.reliable("ok").withProtocol("é".repeat(Dcep.MAX_LABEL_BYTES / 2 + 1)), null);
        p.run();

        assertThat(p.serverEvents.remote).extracting(DataChannel::label).containsExactly(longest);
        assertThat(p.server.channelsRefused()).isEqualTo(2);
        assertThat(accepted.state()).isEqualTo(DataChannel.State.OPEN);
        assertThat(longLabel.state()).isEqualTo(DataChannel.State.CLOSED);
        assertThat(longProtocol.state()).isEqualTo(DataChannel.State.CLOSED);
        assertThat(accepted.send("fine")).isTrue();
        p.run();
        assertThat(p.serverEvents.recorders.get(0).messages).containsExactly("fine");
    }
}
