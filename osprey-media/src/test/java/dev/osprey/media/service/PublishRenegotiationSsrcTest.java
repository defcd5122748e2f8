package dev.osprey.media.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.media.service.negotiation.PublishNegotiation;
import dev.osprey.media.service.negotiation.PublishRenegotiation;
import dev.osprey.webrtc.dtls.DtlsCertificate;
import dev.osprey.webrtc.ice.IceCandidate;
import dev.osprey.webrtc.ice.IceCredentials;
import dev.osprey.webrtc.transport.LocalTransport;
import org.junit.jupiter.api.Test;

import java.util.List;

/** What a publisher announces reaches its transport, which gives those SSRCs SRTP receive state. */
class PublishRenegotiationSsrcTest {
    private final LocalTransport server = new LocalTransport(IceCredentials.random(), DtlsCertificate.generate(),
            List.of(IceCandidate.udpHost("1", "127.0.0.1", 50000, 65535)));
    private final LocalTransport client = ClientPeers.clientLocal();

    @Test
    void aReOfferAddingVideoCarriesTheSsrcsOfTheNewTrackAndItsRtx() throws Exception {
        PublishNegotiation.Result first = PublishNegotiation.negotiate(
                ClientPeers.publisherOffer(client, true, false), true, true, false, server, "1");
        PublishRenegotiation.State state = new PublishRenegotiation.State(first.answer().remote(),
                first.description(), first.tracks(), first.dataChannel());
        assertThat(state.remote().ssrcs()).containsExactly(ClientPeers.AUDIO_SSRC);

        PublishRenegotiation.Result again = PublishRenegotiation.renegotiate(state,
                ClientPeers.publisherOffer(client, true, true), server, "1");

        assertThat(again.state().remote().ssrcs())
                .containsExactlyInAnyOrder(ClientPeers.AUDIO_SSRC, ClientPeers.VIDEO_SSRC, ClientPeers.RTX_SSRC);
        assertThat(again.state().remote().ice()).isEqualTo(state.remote().ice());
    }
}
