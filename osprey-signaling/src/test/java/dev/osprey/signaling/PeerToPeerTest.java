package dev.osprey.signaling;

import org.junit.jupiter.api.Test;

/** The full P2P flow of the reference (§5.3), relays, a third peer, leave and socket close. */
class PeerToPeerTest {

    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults());
    private final Client a = new Client(app, "a:1");
    private final Client b = new Client(app, "b:1");

    private void pair() {
        a.send("{'command':'join','streamId':'call','multiPeer':false,'mode':'both'}");
        b.send("{'command':'join','streamId':'call','multiPeer':false,'mode':'both'}");
        a.drain();
        b.drain();
    }

    @Test
    void fullSequence() {
        a.send("{'command':'join','streamId':'call','multiPeer':false,'mode':'both'}");
        a.expect("{'command':'notification','definition':'joined','streamId':'call'}");

        b.send("{'command':'join','streamId':'call','multiPeer':false,'mode':'both'}");
        b.expect("{'command':'notification','definition':'joined','streamId':'call'}");
        a.expect("{'command':'start','streamId':'call'}");

        a.send("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'v=0 offer'}");
        b.expect("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'v=0 offer'}");
        a.expectNothing();

        b.send("{'command':'takeConfiguration','streamId':'call','type':'answer','sdp':'v=0 answer'}");
        a.expect("{'command':'takeConfiguration','streamId':'call','type':'answer','sdp':'v=0 answer'}");

        a.send("{'command':'takeCandidate','streamId':'call','label':0,'id':'0','candidate':'candidate:1 1 udp 9 10.0.0.1 5000 typ host'}");
        b.expect("{'command':'takeCandidate','streamId':'call','label':0,'id':'0','candidate':'candidate:1 1 udp 9 10.0.0.1 5000 typ host'}");
        b.send("{'command':'takeCandidate','streamId':'call','label':null,'id':'1','candidate':''}");
        a.expect("{'command':'takeCandidate','streamId':'call','label':null,'id':'1','candidate':''}");

        a.send("{'command':'peerMessageCommand','streamId':'call','definition':'chat','data':{'text':'hi'}}");
        b.expect("{'command':'peerMessageCommand','streamId':'call','definition':'chat','data':{'text':'hi'}}");

        a.send("{'command':'leave','streamId':'call'}");
        a.expect("{'command':'notification','definition':'leaved','streamId':'call'}");
        b.expect("{'command':'stop','streamId':'call'}");

        b.send("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'v=0'}");
        b.expect("{'command':'error','definition':'no_peer_associated_before','streamId':'call'}");
    }

    @Test
    void relayKeepsUnknownFieldsUnchanged() {
        pair();
        a.send("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'x','linkSession':'L','extra':[1,{'k':true}]}");
        b.expect("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'x','linkSession':'L','extra':[1,{'k':true}]}");
    }

    @Test
    void thirdPeerGetsStreamIdInUseAndDisturbsNobody() {
        pair();
        Client c = new Client(app, "c:1");
        c.send("{'command':'join','streamId':'call'}");
        c.expect("{'command':'error','definition':'streamIdInUse','streamId':'call'}");
        c.send("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'v=0'}");
        c.expect("{'command':'error','definition':'no_peer_associated_before','streamId':'call'}");
        a.expectNothing();
        b.expectNothing();
    }

    @Test
    void joiningTwiceIsAcknowledgedWithoutAnotherStart() {
        pair();
        b.send("{'command':'join','streamId':'call'}");
        b.expect("{'command':'notification','definition':'joined','streamId':'call'}");
        a.expectNothing();
    }

    @Test
    void socketCloseSendsStopToThePartnerAndANewPeerCanJoin() {
        pair();
        b.close();
        a.expect("{'command':'stop','streamId':'call'}");
        Client c = new Client(app, "c:1");
        c.send("{'command':'join','streamId':'call'}");
        c.expect("{'command':'notification','definition':'joined','streamId':'call'}");
        a.expect("{'command':'start','streamId':'call'}");
        a.send("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'again'}");
        c.expect("{'command':'takeConfiguration','streamId':'call','type':'offer','sdp':'again'}");
    }

    @Test
    void firstPeerLeavingMakesTheRemainingPeerTheOffererForTheNextOne() {
        pair();
        a.send("{'command':'leave','streamId':'call'}");
        b.expect("{'command':'stop','streamId':'call'}");
        a.send("{'command':'join','streamId':'call'}");
        a.expect("{'command':'notification','definition':'leaved','streamId':'call'}",
                "{'command':'notification','definition':'joined','streamId':'call'}");
        b.expect("{'command':'start','streamId':'call'}");
    }

    @Test
    void pairsAreIndependent() {
        pair();
        Client c = new Client(app, "c:1");
        Client d = new Client(app, "d:1");
        c.send("{'command':'join','streamId':'other'}");
        d.send("{'command':'join','streamId':'other'}");
        c.drain();
        d.drain();
        c.send("{'command':'takeConfiguration','streamId':'other','type':'offer','sdp':'o'}");
        d.expect("{'command':'takeConfiguration','streamId':'other','type':'offer','sdp':'o'}");
        a.expectNothing();
        b.expectNothing();
    }

    @Test
    void relayToAPairThisSocketDidNotJoinIsRefused() {
        pair();
        Client c = new Client(app, "c:1");
        c.send("{'command':'peerMessageCommand','streamId':'call','definition':'x','data':'y'}");
        c.expect("{'command':'error','definition':'no_peer_associated_before','streamId':'call'}");
        a.expectNothing();
        b.expectNothing();
    }
}
