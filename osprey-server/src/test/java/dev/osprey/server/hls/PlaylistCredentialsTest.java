package dev.osprey.server.hls;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class PlaylistCredentialsTest {
    @Test
    void everyUriOfThePlaylistGetsTheCredentialsEscaped() {
        String playlist = "#EXTM3U\n#EXT-X-MAP:URI=\"cam_1_init.mp4\"\n#EXT-X-PART:DURATION=0.500,URI=\"cam000000001_p0.fmp4\",INDEPENDENT=YES\n"
                + "#EXTINF:2.000,\ncam000000001.fmp4\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"cam000000002_p0.fmp4\"\n";
        String query = PlaylistCredentials.query("a b&c", "sub", null);
        assertThat(query).isEqualTo("?token=a+b%26c&subscriberId=sub");
        String out = new String(PlaylistCredentials.append(playlist.getBytes(StandardCharsets.UTF_8), query), StandardCharsets.UTF_8);
        assertThat(out).isEqualTo("#EXTM3U\n#EXT-X-MAP:URI=\"cam_1_init.mp4" + query + "\"\n"
                + "#EXT-X-PART:DURATION=0.500,URI=\"cam000000001_p0.fmp4" + query + "\",INDEPENDENT=YES\n"
                + "#EXTINF:2.000,\ncam000000001.fmp4" + query + "\n"
                + "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"cam000000002_p0.fmp4" + query + "\"\n");
    }

    @Test
    void noCredentialsNoQuery() {
        assertThat(PlaylistCredentials.query(null, "", null)).isEmpty();
    }
}
