package dev.osprey.webrtc.ice;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.webrtc.stun.MessageIntegrity;
import dev.osprey.webrtc.stun.StunMessage;
import dev.osprey.webrtc.stun.StunMessageType;
import dev.osprey.webrtc.stun.StunWriter;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class IceLiteAgentTest {
    private static final IceCredentials SERVER = new IceCredentials("srvU", "serverpassword0123456789");
    private static final IceCredentials CLIENT = new IceCredentials("cliU", "clientpassword0123456789");
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);
    private static final InetSocketAddress MOVED = new InetSocketAddress("127.0.0.1", 40001);
    private static final long SECOND = 1_000_000_000L;
    private static final byte[] TX = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};

    private final List<String> events = new ArrayList<>();
    private final List<byte[]> sent = new ArrayList<>();
    private final List<InetSocketAddress> sentTo = new ArrayList<>();
    private final StunSender sender = (buf, off, len, to) -> {
        sent.add(Arrays.copyOfRange(buf, off, off + len));
        sentTo.add(to);
    };
    private final IceLiteAgent agent = new IceLiteAgent(SERVER, CLIENT, Duration.ofSeconds(30), new IceLiteAgent.Listener() {
        @Override
        public void onSelectedAddressChanged(IceLiteAgent a, InetSocketAddress previous, InetSocketAddress current) {
            events.add("selected " + previous + " -> " + current);
        }

        @Override
        public void onConsentExpired(IceLiteAgent a) {
            events.add("expired");
        }
    }, 0);
    private final StunMessage in = new StunMessage();
    private final StunMessage out = new StunMessage();
    private final byte[] buf = new byte[256];

    @Test
    void validCheckIsAnsweredWithAuthenticatedXorMappedAddress() {
        assertThat(check("srvU:cliU", SERVER.password(), false, false, 1)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(sentTo).containsExactly(PEER);
        StunMessage response = lastResponse();
        assertThat(response.messageType()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(response.transactionIdEquals(TX, 0)).isTrue();
        assertThat(response.xorMappedAddress()).isEqualTo(PEER);
        assertThat(response.verifyMessageIntegrity(new MessageIntegrity(SERVER.password()))).isTrue();
        assertThat(response.verifyFingerprint()).isTrue();
    }

    @Test
    void theFirstValidCheckSelectsItsAddressUntilANominationMovesIt() {
        assertThat(check("srvU:cliU", SERVER.password(), false, false, 1)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(PEER);
        // Another valid check without USE-CANDIDATE does not move it; a nomination does.
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), false, 2)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(agent.selectedAddress()).isEqualTo(PEER);
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), true, 3)).isEqualTo(CheckOutcome.NOMINATED);
        assertThat(agent.selectedAddress()).isEqualTo(MOVED);
        assertThat(events).containsExactly("selected null -> " + PEER, "selected " + PEER + " -> " + MOVED);
    }

    @Test
    void useCandidateNominatesAndANewNominatedAddressIsFollowed() {
        assertThat(check("srvU:cliU", SERVER.password(), true, false, 1)).isEqualTo(CheckOutcome.NOMINATED);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.SELECTED);
        assertThat(agent.selectedAddress()).isEqualTo(PEER);
        assertThat(check("srvU:cliU", SERVER.password(), true, false, 2)).isEqualTo(CheckOutcome.ACCEPTED);

        // A check without USE-CANDIDATE from elsewhere is answered but does not move the selection.
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), false, 3)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(agent.selectedAddress()).isEqualTo(PEER);
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), true, 2 * SECOND)).isEqualTo(CheckOutcome.NOMINATED);
        assertThat(agent.selectedAddress()).isEqualTo(MOVED);
        assertThat(events).containsExactly("selected null -> " + PEER, "selected " + PEER + " -> " + MOVED);
    }

    @Test
    void aWrongPasswordOrUfragIsDroppedWithoutAnAnswer() {
        assertThat(check("srvU:cliU", "wrongpassword0123456789xx", true, false, 1)).isEqualTo(CheckOutcome.UNAUTHORIZED);
        assertThat(check("srvX:cliU", SERVER.password(), true, false, 1)).isEqualTo(CheckOutcome.UNAUTHORIZED);
        assertThat(check("srvU:other", SERVER.password(), true, false, 1)).isEqualTo(CheckOutcome.UNAUTHORIZED);
        assertThat(sent).isEmpty();
        assertThat(agent.selectedAddress()).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void aRequestWithoutCredentialsIsDroppedWithoutAnAnswer() {
        int len = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername("srvU:cliU").addUseCandidate().addFingerprint().length();
        assertThat(in.wrap(buf, 0, len)).isTrue();
        assertThat(agent.handle(in, PEER, 1, sender)).isEqualTo(CheckOutcome.BAD_REQUEST);
        assertThat(sent).isEmpty();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void anAuthenticatedCheckShorterThanItsAnswerIsNotAnswered() {
        // USERNAME and MESSAGE-INTEGRITY only (no PRIORITY, no role): 60 bytes, the answer would be 64.
        int len = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername("srvU:cliU").addMessageIntegrity(new MessageIntegrity(SERVER.password())).length();
        assertThat(in.wrap(buf, 0, len)).isTrue();
        assertThat(agent.handle(in, PEER, 1, sender)).isEqualTo(CheckOutcome.SHORTER_THAN_ANSWER);
        assertThat(sent).isEmpty();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void noAnswerIsLongerThanTheCheckItAnswers() {
        InetSocketAddress v6 = new InetSocketAddress("2001:db8::1", 40000);
        int len = request("srvU:cliU", SERVER.password(), false, false);
        in.wrap(buf, 0, len);
        assertThat(agent.handle(in, v6, 1, sender)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).length).isLessThanOrEqualTo(len);
    }

    @Test
    void aNominationFromANewAddressWithinASecondOfTheLastMoveIsLeftForItsRetry() {
        assertThat(check("srvU:cliU", SERVER.password(), true, false, 0)).isEqualTo(CheckOutcome.NOMINATED);
        sent.clear();
        sentTo.clear();
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), true, SECOND / 2))
                .isEqualTo(CheckOutcome.ADDRESS_CHANGE_TOO_SOON);
        assertThat(sent).as("not answered, so the peer retries it").isEmpty();
        assertThat(agent.selectedAddress()).isEqualTo(PEER);

        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), true, SECOND)).isEqualTo(CheckOutcome.NOMINATED);
        assertThat(agent.selectedAddress()).isEqualTo(MOVED);
        assertThat(sentTo).containsExactly(MOVED);
    }

    @Test
    void aBurstOfNominationsFromManyAddressesMovesTheSelectionAtMostOncePerSecond() {
        assertThat(check("srvU:cliU", SERVER.password(), true, false, 0)).isEqualTo(CheckOutcome.NOMINATED);
        // 3.1 seconds of authenticated nominations from 1,000 addresses, one every 3.1 ms.
        for (int i = 0; i < 1000; i++) {
            InetSocketAddress from = new InetSocketAddress("10.0." + (i / 250) + "." + (i % 250), 5000 + i);
            checkFrom(from, "srvU:cliU", SERVER.password(), true, 3_100_000L * (i + 1));
        }
        assertThat(events).as("the first selection, then one move per second").hasSize(1 + 3);
        assertThat(sent).as("only the nominations taken were answered").hasSize(1 + 3);
    }

    @Test
    void theFirstNominationMovesAFreshSelectionAtOnce() {
        // Browsers start DTLS on the first valid pair and nominate another one moments later.
        assertThat(check("srvU:cliU", SERVER.password(), false, false, 0)).isEqualTo(CheckOutcome.ACCEPTED);
        assertThat(checkFrom(MOVED, "srvU:cliU", SERVER.password(), true, 50_000_000L))
                .isEqualTo(CheckOutcome.NOMINATED);
        assertThat(agent.selectedAddress()).isEqualTo(MOVED);
    }

    @Test
    void aPeerClaimingTheControlledRoleGets487() {
        assertThat(check("srvU:cliU", SERVER.password(), true, true, 1)).isEqualTo(CheckOutcome.ROLE_CONFLICT);
        assertError(487);
        assertThat(lastResponse().verifyMessageIntegrity(new MessageIntegrity(SERVER.password()))).isTrue();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void unknownRemoteUfragIsAcceptedUntilTheRemoteDescriptionArrives() {
        IceLiteAgent early = new IceLiteAgent(SERVER, null, Duration.ofSeconds(30), new NoEvents(), 0);
        int len = request("srvU:whoever", SERVER.password(), true, false);
        in.wrap(buf, 0, len);
        assertThat(early.handle(in, PEER, 1, sender)).isEqualTo(CheckOutcome.NOMINATED);
        early.setRemoteCredentials(CLIENT);
        in.wrap(buf, 0, len);
        assertThat(early.handle(in, PEER, 2, sender)).isEqualTo(CheckOutcome.UNAUTHORIZED);
    }

    @Test
    void responsesAndIndicationsAndBadFingerprintsAreIgnored() {
        int len = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_INDICATION, TX, 0)
                .addFingerprint().length();
        in.wrap(buf, 0, len);
        assertThat(agent.handle(in, PEER, 1, sender)).isEqualTo(CheckOutcome.IGNORED);

        len = request("srvU:cliU", SERVER.password(), true, false);
        buf[len - 1] ^= 1; // corrupt FINGERPRINT
        assertThat(in.wrap(buf, 0, len)).isTrue();
        assertThat(agent.handle(in, PEER, 1, sender)).isEqualTo(CheckOutcome.IGNORED);
        assertThat(sent).isEmpty();
    }

    @Test
    void consentExpiresOnceWithoutValidChecksFromTheSelectedAddress() {
        check("srvU:cliU", SERVER.password(), true, false, 0);
        agent.tick(29 * SECOND);
        // Valid checks from a different, non-nominated address do not refresh consent.
        checkFrom(MOVED, "srvU:cliU", SERVER.password(), false, 29 * SECOND);
        agent.tick(30 * SECOND);
        assertThat(events).containsExactly("selected null -> " + PEER, "expired");
        agent.tick(60 * SECOND);
        assertThat(events).hasSize(2);
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.EXPIRED);
        assertThat(check("srvU:cliU", SERVER.password(), true, false, 61 * SECOND)).isEqualTo(CheckOutcome.IGNORED);
    }

    @Test
    void checksFromTheSelectedAddressKeepConsent() {
        check("srvU:cliU", SERVER.password(), true, false, 0);
        for (long t = 5; t <= 120; t += 5) {
            check("srvU:cliU", SERVER.password(), false, false, t * SECOND);
            agent.tick(t * SECOND);
        }
        assertThat(agent.state()).isEqualTo(IceLiteAgent.State.SELECTED);
    }

    @Test
    void aPeerThatNeverChecksExpires() {
        agent.tick(30 * SECOND - 1);
        assertThat(events).isEmpty();
        agent.tick(30 * SECOND);
        assertThat(events).containsExactly("expired");
    }

    private CheckOutcome check(String username, String password, boolean nominate, boolean controlled, long now) {
        return checkFrom(PEER, username, password, nominate, now, controlled);
    }

    private CheckOutcome checkFrom(InetSocketAddress from, String username, String password, boolean nominate, long now) {
        return checkFrom(from, username, password, nominate, now, false);
    }

    private CheckOutcome checkFrom(InetSocketAddress from, String username, String password, boolean nominate,
                                   long now, boolean controlled) {
        int len = request(username, password, nominate, controlled);
        assertThat(in.wrap(buf, 0, len)).isTrue();
        return agent.handle(in, from, now, sender);
    }

    private int request(String username, String password, boolean nominate, boolean controlled) {
        StunWriter w = new StunWriter().begin(buf, 0, buf.length, StunMessageType.BINDING_REQUEST, TX, 0)
                .addUsername(username).addPriority(1);
        if (controlled) {
            w.addIceControlled(5);
        } else {
            w.addIceControlling(5);
        }
        if (nominate) {
            w.addUseCandidate();
        }
        return w.addMessageIntegrity(new MessageIntegrity(password)).addFingerprint().length();
    }

    private StunMessage lastResponse() {
        byte[] r = sent.get(sent.size() - 1);
        assertThat(out.wrap(r, 0, r.length)).isTrue();
        return out;
    }

    private void assertError(int code) {
        StunMessage r = lastResponse();
        assertThat(r.messageType()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(r.errorCode()).isEqualTo(code);
        assertThat(r.transactionIdEquals(TX, 0)).isTrue();
        assertThat(r.verifyFingerprint()).isTrue();
    }

    private static final class NoEvents implements IceLiteAgent.Listener {
        @Override
        public void onSelectedAddressChanged(IceLiteAgent a, InetSocketAddress previous, InetSocketAddress current) {
        }

        @Override
        public void onConsentExpired(IceLiteAgent a) {
        }
    }
}
