package dev.osprey.server;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Starts servers on 127.0.0.1 with free ports, so tests run in parallel with anything else on the machine. */
final class TestServers {

    private TestServers() {
    }

    /**
     * HTTP only (the TLS paths point nowhere), applications LiveApp and WebRTCAppEE, the console account of
     * {@link TestAdmin}.
     */
    static OspreyServer start(Path webRoot) {
        return start(webRoot, Map.of());
    }

    static OspreyServer start(Path webRoot, Map<String, Object> overrides) {
        Map<String, Object> settings = new HashMap<>();
        settings.put("server.host", "127.0.0.1");
        settings.put("server.httpPort", 0);
        settings.put("server.httpsPort", 0);
        settings.put("server.tlsCert", webRoot.resolve("no-cert.pem").toString());
        settings.put("server.tlsKey", webRoot.resolve("no-key.pem").toString());
        settings.put("applications", List.of("LiveApp", "WebRTCAppEE"));
        settings.put("web.root", webRoot.toString());
        settings.put("store.dir", webRoot.resolveSibling("data").toString());
        settings.put("media.udpPort", 0);
        settings.put("rtmp.port", 0);
        settings.put("srt.port", 0);
        settings.put("rtmp.tlsPort", 0);
        settings.putAll(overrides);
        TestAdmin.provision(Path.of(settings.get("store.dir").toString()));
        return OspreyServer.start(Config.of(settings));
    }
}
