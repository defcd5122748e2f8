package dev.osprey.ingest.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import dev.osprey.signaling.BridgedClient;
import org.junit.jupiter.api.Test;

class SrtStreamIdTest {
    @Test
    void antMediasFormNamesTheApplicationAndStreamWithOptionalCredentials() {
        assertThat(SrtBroadcast.SrtStreamId.parse("LiveApp/stream1"))
                .isEqualTo(new SrtBroadcast.SrtStreamId("LiveApp", "stream1", BridgedClient.Credentials.NONE));
        assertThat(SrtBroadcast.SrtStreamId.parse("LiveApp/stream1,token=abc,subscriberId=u1,subscriberCode=123456"))
                .isEqualTo(new SrtBroadcast.SrtStreamId("LiveApp", "stream1",
                        new BridgedClient.Credentials("abc", "u1", "123456")));
    }

    @Test
    void srtsAccessControlFormIsReadToo() {
        assertThat(SrtBroadcast.SrtStreamId.parse("#!::r=LiveApp/cam,m=publish,token=t1"))
                .isEqualTo(new SrtBroadcast.SrtStreamId("LiveApp", "cam", new BridgedClient.Credentials("t1", null, null)));
        assertThat(SrtBroadcast.SrtStreamId.parse("#!::m=request,r=LiveApp/cam")).as("a caller that wants to play").isNull();
    }

    @Test
    void anythingElseIsRefused() {
        assertThat(SrtBroadcast.SrtStreamId.parse("")).isNull();
        assertThat(SrtBroadcast.SrtStreamId.parse("stream1")).isNull();
        assertThat(SrtBroadcast.SrtStreamId.parse("/stream1")).isNull();
        assertThat(SrtBroadcast.SrtStreamId.parse("LiveApp/")).isNull();
        assertThat(SrtBroadcast.SrtStreamId.parse("LiveApp/a/b")).isNull();
        assertThat(SrtBroadcast.SrtStreamId.parse("#!::m=publish")).isNull();
    }
}
