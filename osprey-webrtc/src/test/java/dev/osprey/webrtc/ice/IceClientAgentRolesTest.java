package dev.osprey.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The client agent towards a full ICE agent (such as Janus): controlled role, answering checks, role conflicts. */
class IceClientAgentRolesTest {
    private static final IceCredentials SERVER = IceCredentials.random();
    private static final IceCredentials CLIENT = IceCredentials.random();
    private static final InetSocketAddress SERVER_ADDR = new InetSocketAddress("127.0.0.1", 50000);
    private static final IceClientConfig CONFIG = new IceClientConfig(Duration.ofMillis(100), Duration.ofMillis(400), 5,
            Duration.ofSeconds(5), Duration.ofSeconds(30));
    private static final byte[] TRANSACTION = "abcdefghijkl".getBytes(StandardCharsets.US_ASCII);

    private final List<byte[]> sent = new ArrayList<>();
    private final List<String> events = new ArrayList<>();
    private final StunMessage msg = new StunMessage();

    private IceClientAgent client(boolean controlling) {
        return new IceClientAgent(CLIENT, SERVER, SERVER_ADDR, CONFIG.withControlling(controlling),
                (buf, off, len, to) -> {
                    assertThat(to).isEqualTo(SERVER_ADDR);
                    sent.add(Arrays.copyOfRange(buf, off, off + len));
                }, new IceClientAgent.Listener() {
                    @Override
                    public void onConnected(IceClientAgent agent, InetSocketAddress mapped) {
                        events.add("connected");
                    }

                    @Override
                    public void onFailed(IceClientAgent agent, String reason) {
                        events.add("failed: " + reason);
                    }
                });
    }

    /** A check from the full agent: USERNAME client:server, keyed with the client's password. */
    private static byte[] serverCheck(boolean controlling, long tieBreaker, String password) {
        byte[] buf = new byte[256];
        StunWriter w = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_REQUEST, TRANSACTION, 0)
                .addUsername(CLIENT.ufrag() + ":" + SERVER.ufrag())
                .addPriority(12345);
        if (controlling) {
            w.addIceControlling(tieBreaker).addUseCandidate();
        } else {
            w.addIceControlled(tieBreaker);
        }
        w.addMessageIntegrity(new MessageIntegrity(password)).addFingerprint();
        return Arrays.copyOf(buf, w.length());
    }

    private StunMessage wrap(byte[] d) {
        assertThat(msg.wrap(d, 0, d.length)).isTrue();
        return msg;
    }

    @Test
    void controlledChecksCarryIceControlledAndNoNomination() {
        IceClientAgent client = client(false);
        client.start(0);
        StunMessage request = wrap(sent.get(0));
        assertThat(request.isBindingRequest()).isTrue();
        assertThat(request.hasIceControlled()).isTrue();
        assertThat(request.hasIceControlling()).isFalse();
        assertThat(request.useCandidate()).isFalse();
        assertThat(client.isControlling()).isFalse();
    }

    @Test
    void answersTheFullAgentsCheckWithItsAddressKeyedWithOurPassword() {
        IceClientAgent client = client(false);
        client.start(0);
        sent.clear();
        assertThat(client.handle(wrap(serverCheck(true, 7, CLIENT.password())), SERVER_ADDR, 0)).isFalse();
        assertThat(sent).hasSize(1);
        StunMessage response = wrap(sent.get(0));
        assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(response.transactionIdEquals(TRANSACTION, 0)).isTrue();
        assertThat(response.xorMappedAddress()).isEqualTo(SERVER_ADDR);
        assertThat(response.verifyMessageIntegrity(new MessageIntegrity(CLIENT.password()))).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
    }

    @Test
    void ignoresChecksWithAWrongPasswordOrFromAnotherAddress() {
        IceClientAgent client = client(false);
        client.start(0);
        sent.clear();
        client.handle(wrap(serverCheck(true, 7, "notTheClientPassword0123")), SERVER_ADDR, 0);
        client.handle(wrap(serverCheck(true, 7, CLIENT.password())), new InetSocketAddress("127.0.0.1", 50001), 0);
        assertThat(sent).isEmpty();
    }

    @Test
    void roleConflictErrorSwitchesRoleAndChecksAgainAtOnce() {
        IceClientAgent client = client(true);
        client.start(0);
        StunMessage request = wrap(sent.get(0));
        byte[] id = Arrays.copyOfRange(request.buffer(), request.transactionIdOffset(),
                request.transactionIdOffset() + StunMessage.TRANSACTION_ID_LENGTH);
        byte[] buf = new byte[128];
        int n = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_ERROR_RESPONSE, id, 0)
                .addErrorCode(487, "Role Conflict").length();
        sent.clear();
        assertThat(client.handle(wrap(Arrays.copyOf(buf, n)), SERVER_ADDR, 0)).isTrue();
        assertThat(client.isControlling()).isFalse();
        assertThat(client.state()).isEqualTo(IceClientAgent.State.CHECKING);
        assertThat(events).isEmpty();
        StunMessage retry = wrap(sent.get(0));
        assertThat(retry.hasIceControlled()).isTrue();
        assertThat(retry.useCandidate()).isFalse();
    }

    @Test
    void conflictingControllingCheckIsRefusedWhenOurTieBreakerWins() {
        IceClientAgent client = client(true);
        client.start(0);
        sent.clear();
        client.handle(wrap(serverCheck(true, 0, CLIENT.password())), SERVER_ADDR, 0);
        StunMessage response = wrap(sent.get(0));
        assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(response.errorCode()).isEqualTo(487);
        assertThat(client.isControlling()).isTrue();
    }

    @Test
    void conflictingControllingCheckMakesUsControlledWhenTheirTieBreakerWins() {
        IceClientAgent client = client(true);
        client.start(0);
        sent.clear();
        client.handle(wrap(serverCheck(true, -1L, CLIENT.password())), SERVER_ADDR, 0);
        assertThat(wrap(sent.get(0)).messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(client.isControlling()).isFalse();
    }
}
