package dev.osprey.signaling;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids and names no longer than the server's data store keeps, so every accepted stream can be stored. */
class StreamIdLengthTest {

    private final SignalingApplication app = new SignalingApplication("LiveApp", SignalingConfig.defaults());
    private final Client client = new Client(app, "c:1");

    @Test
    void aThreeHundredCharacterIdIsInvalidStreamNameAndNothingIsRegistered() {
        String longId = "a".repeat(300);
        String refused = "{'command':'error','definition':'invalidStreamName','streamId':'" + longId + "',"
                + "'information':'ids are limited to 255 characters'}";

        client.send("{'command':'publish','streamId':'" + longId + "'}");
        client.send("{'command':'play','streamId':'" + longId + "'}");
        client.send("{'command':'join','streamId':'" + longId + "'}");
        client.send("{'command':'joinRoom','room':'" + longId + "'}");
        client.send("{'command':'joinRoom','room':'r1','streamId':'" + longId + "'}");
        client.send("{'command':'publish','streamId':'s1','mainTrack':'" + longId + "'}");

        client.expect(refused, refused, refused, refused, refused, refused);
        assertThat(app.registrySizes().values()).containsOnly(0);
    }

    @Test
    void anIdOfExactlyTheStoresLengthIsAccepted() {
        String longest = "a".repeat(255);
        client.send("{'command':'publish','streamId':'" + longest + "'}");
        client.expect("{'command':'start','streamId':'" + longest + "'}");
    }

    @Test
    void aStreamNameLongerThanTheStoreKeepsIsRefused() {
        client.send("{'command':'publish','streamId':'s1','streamName':'" + "n".repeat(1001) + "'}");
        client.expect("{'command':'error','definition':'invalidStreamName','streamId':'s1',"
                + "'information':'stream names are limited to 1000 characters'}");
        assertThat(app.registrySizes()).containsEntry("publications", 0);

        client.send("{'command':'publish','streamId':'s1','streamName':'" + "n".repeat(1000) + "'}");
        client.expect("{'command':'start','streamId':'s1'}");
    }
}
