package dev.osprey.webrtc.datachannel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.osprey.webrtc.sctp.SctpConfig;
import org.junit.jupiter.api.Test;

class DataChannelManagerTest {

    @Test
    void clientOpensWithDcepAndServerAcceptsWithLabelAndProtocol() {
        DataChannelPair p = new DataChannelPair();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        DataChannel channel = p.client.createDataChannel(DataChannelInit.reliable("chat").withProtocol("json"), mine);
        assertThat(channel.state()).isEqualTo(DataChannel.State.CONNECTING);
        assertThat(channel.send("too early")).isFalse();
        p.start();
        assertThat(channel.state()).isEqualTo(DataChannel.State.OPEN);
        assertThat(channel.id()).isZero();
        assertThat(mine.opened).isEqualTo(1);
        assertThat(p.serverEvents.remote).hasSize(1);
        DataChannel remote = p.serverEvents.remote.get(0);
        assertThat(remote.id()).isZero();
        assertThat(remote.label()).isEqualTo("chat");
        assertThat(remote.protocol()).isEqualTo("json");
        assertThat(remote.ordered()).isTrue();
        assertThat(remote.maxRetransmits()).isEqualTo(-1);
        assertThat(remote.state()).isEqualTo(DataChannel.State.OPEN);
        assertThat(p.serverEvents.recorders.get(0).opened).isEqualTo(1);
        assertThat(channel.awaitingAck).isFalse();
    }

    @Test
    void serverOpenedChannelsUseOddIdsAndTrafficFlowsBothWays() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        DataChannel a = p.server.createDataChannel(DataChannelInit.reliable("s1"), mine);
        DataChannel b = p.server.createDataChannel(DataChannelInit.reliable("s2"), new DataChannelPair.Recorder());
        assertThat(a.id()).isEqualTo(1);
        assertThat(b.id()).isEqualTo(3);
        assertThat(a.send("hello")).isTrue();
        p.run();
        DataChannelPair.Recorder theirs = p.clientEvents.recorders.get(0);
        assertThat(theirs.messages).containsExactly("hello");
        p.clientEvents.remote.get(0).send(new byte[] {1, 2, 3});
        p.clientEvents.remote.get(0).send("é ✓");
        p.run();
        assertThat(mine.messages).hasSize(2);
        assertThat((byte[]) mine.messages.get(0)).containsExactly(1, 2, 3);
        assertThat(mine.messages.get(1)).isEqualTo("é ✓");
    }

    @Test
    void emptyMessagesUseTheirOwnPpidsAndArriveEmpty() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannel c = p.client.createDataChannel(DataChannelInit.reliable("e"), null);
        p.run();
        assertThat(c.send("")).isTrue();
        assertThat(c.send(new byte[0])).isTrue();
        p.run();
        DataChannelPair.Recorder theirs = p.serverEvents.recorders.get(0);
        assertThat(theirs.messages).hasSize(2);
        assertThat(theirs.messages.get(0)).isEqualTo("");
        assertThat((byte[]) theirs.messages.get(1)).isEmpty();
    }

    @Test
    void negotiatedChannelsOpenWithoutDcepOnBothSides() {
        DataChannelPair p = new DataChannelPair();
        DataChannelPair.Recorder c = new DataChannelPair.Recorder();
        DataChannelPair.Recorder s = new DataChannelPair.Recorder();
        DataChannel cc = p.client.createDataChannel(DataChannelInit.reliable("neg").negotiated(7), c);
        DataChannel sc = p.server.createDataChannel(DataChannelInit.reliable("neg").negotiated(7), s);
        p.start();
        assertThat(c.opened).isEqualTo(1);
        assertThat(s.opened).isEqualTo(1);
        assertThat(p.serverEvents.remote).isEmpty();
        cc.send("x");
        sc.send("y");
        p.run();
        assertThat(s.messages).containsExactly("x");
        assertThat(c.messages).containsExactly("y");
        assertThatThrownBy(() -> p.client.createDataChannel(DataChannelInit.reliable("dup").negotiated(7), null))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void partiallyReliableAndUnorderedSettingsTravelInTheOpen() {
        DataChannelPair p = new DataChannelPair().start();
        p.client.createDataChannel(DataChannelInit.reliable("rt").unordered().withMaxRetransmits(3), null);
        p.client.createDataChannel(DataChannelInit.reliable("lt").withMaxPacketLifeTime(150), null);
        p.run();
        DataChannel rt = p.serverEvents.remote.get(0);
        DataChannel lt = p.serverEvents.remote.get(1);
        assertThat(rt.ordered()).isFalse();
        assertThat(rt.maxRetransmits()).isEqualTo(3);
        assertThat(rt.maxPacketLifeTime()).isEqualTo(-1);
        assertThat(lt.ordered()).isTrue();
        assertThat(lt.maxPacketLifeTime()).isEqualTo(150);
    }

    @Test
    void closeResetsTheStreamAndBothSidesSeeOnClose() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        DataChannel c = p.client.createDataChannel(DataChannelInit.reliable("bye"), mine);
        p.run();
        c.send("last");
        c.close();
        assertThat(c.state()).isEqualTo(DataChannel.State.CLOSING);
        assertThat(c.send("after")).isFalse();
        p.run();
        DataChannelPair.Recorder theirs = p.serverEvents.recorders.get(0);
        assertThat(theirs.messages).containsExactly("last");
        assertThat(mine.closed).isEqualTo(1);
        assertThat(theirs.closed).isEqualTo(1);
        assertThat(c.state()).isEqualTo(DataChannel.State.CLOSED);
        assertThat(p.client.channels()).isEmpty();
        assertThat(p.server.channels()).isEmpty();
        // The id is free again and the new channel starts from SSN 0 on both sides.
        DataChannel again = p.client.createDataChannel(DataChannelInit.reliable("again"), null);
        assertThat(again.id()).isZero();
        again.send("fresh");
        p.run();
        assertThat(p.serverEvents.recorders.get(1).messages).containsExactly("fresh");
    }

    @Test
    void remoteCloseClosesTheLocalChannelToo() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        p.client.createDataChannel(DataChannelInit.reliable("x"), mine);
        p.run();
        p.serverEvents.remote.get(0).close();
        p.run();
        assertThat(mine.closed).isEqualTo(1);
        assertThat(p.serverEvents.recorders.get(0).closed).isEqualTo(1);
    }

    @Test
    void associationShutdownClosesEveryChannel() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        p.client.createDataChannel(DataChannelInit.reliable("x"), mine);
        p.run();
        p.client.shutdown();
        p.run();
        assertThat(mine.closed).isEqualTo(1);
        assertThat(p.serverEvents.recorders.get(0).closed).isEqualTo(1);
        assertThat(p.serverEvents.closed).isNotNull();
    }

    @Test
    void slowPeerFillsTheBoundedQueueAndDropsAreCounted() {
        DataChannelPair p = new DataChannelPair(SctpConfig.webRtcDefaults().withSendBufferBytes(64_000),
                SctpConfig.webRtcDefaults()).start();
        DataChannel c = p.client.createDataChannel(DataChannelInit.reliable("bulk"), null);
        p.run();
        p.net.reachable[1] = false;
        int accepted = 0;
        for (int i = 0; i < 100; i++) {
            if (c.send(new byte[4000])) {
                accepted++;
            }
        }
        assertThat(accepted).isEqualTo(16);
        assertThat(c.droppedMessages()).isEqualTo(84);
        assertThat(c.droppedBytes()).isEqualTo(84 * 4000L);
        assertThat(c.bufferedAmount()).isEqualTo(64_000);
        assertThat(p.client.droppedMessages()).isEqualTo(84);
        p.net.reachable[1] = true;
        p.net.runFor(60 * DataChannelPair.SECOND);
        assertThat(c.bufferedAmount()).isZero();
        assertThat(p.serverEvents.recorders.get(0).messages).hasSize(16);
    }

    @Test
    void largeMessagesUpToTheAdvertisedMaximumCrossBothWays() {
        DataChannelPair p = new DataChannelPair().start();
        DataChannelPair.Recorder mine = new DataChannelPair.Recorder();
        DataChannel c = p.client.createDataChannel(DataChannelInit.reliable("big"), mine);
        p.run();
        byte[] big = new byte[SctpConfig.DEFAULT_MAX_MESSAGE_SIZE];
        new java.util.Random(1).nextBytes(big);
        assertThat(c.send(big)).isTrue();
        p.net.runFor(10 * DataChannelPair.SECOND);
        assertThat((byte[]) p.serverEvents.recorders.get(0).messages.get(0)).isEqualTo(big);
        assertThat(c.send(new byte[SctpConfig.DEFAULT_MAX_MESSAGE_SIZE + 1])).isFalse();
    }
}
