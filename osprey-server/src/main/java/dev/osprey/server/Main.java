package dev.osprey.server;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code java -jar osprey-server.jar [--config=FILE] [--key=value ...]}. Exit codes: 0 after a
 * graceful stop (SIGTERM, Ctrl-C), 1 when the server cannot start, 2 for a configuration error.
 */
public final class Main {

    private static final Logger LOG = LoggerFactory.getLogger(Main.class);

    private Main() {
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(ConfigLoader.usage());
            return;
        }
        OspreyServer server;
        try {
            Config config = ConfigLoader.load(List.of(args), System.getenv());
            server = OspreyServer.start(config);
        } catch (ConfigException e) {
            System.err.println("osprey: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (ServerStartException e) {
            System.err.println("osprey: " + e.getMessage());
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Osprey stopping");
            server.stop();
            LOG.info("Osprey stopped");
            // A signal would make the JVM report 128+signal; a completed graceful stop is a success.
            Runtime.getRuntime().halt(0);
        }, "osprey-shutdown"));
        long startedMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info("Osprey started in {} ms: {} (applications: {})", startedMs, urls(server), String.join(", ", server.applications().keySet()));
    }

    private static String urls(OspreyServer server) {
        String host = server.config().host();
        List<String> urls = new ArrayList<>();
        urls.add("http://" + host + ":" + server.httpPort());
        server.httpsPort().ifPresent(port -> urls.add("https://" + host + ":" + port));
        return String.join(" ", urls);
    }
}
