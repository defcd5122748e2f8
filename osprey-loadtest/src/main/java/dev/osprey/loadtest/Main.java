package dev.osprey.loadtest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code osprey loadtest [options]}: runs synthetic WebRTC publishers and viewers against a server
 * and prints a summary table and JSON. Exit status: 0 when the failed-peer fraction is within
 * {@code --max-failures}, 1 when it is not, 2 for a usage error or a run that could not start.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        if (System.getProperty("org.bytedeco.javacpp.cachedir") == null) {
            // JavaCPP unpacks the FFmpeg natives; keep them next to the jar, not in the home directory.
            System.setProperty("org.bytedeco.javacpp.cachedir", jarFolder().resolve("javacpp-cache").toString());
        }
        // Thousands of transports would each log their socket binding; keep the transport stack to warnings.
        if (System.getProperty("org.slf4j.simpleLogger.log.dev.osprey.webrtc") == null) {
            System.setProperty("org.slf4j.simpleLogger.log.dev.osprey.webrtc", "warn");
        }
        LoadTestOptions options;
        try {
            options = LoadTestOptions.parse(Arrays.asList(args));
        } catch (LoadTestOptions.UsageException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println("loadtest: " + e.getMessage());
            }
            System.err.print(LoadTestOptions.USAGE);
            System.exit(e.getMessage().isEmpty() ? 0 : 2);
            return;
        }
        Summary summary;
        try {
            summary = new LoadTest(options, System.out).run();
        } catch (LoadTest.RunException e) {
            System.err.println("loadtest: " + e.getMessage());
            System.exit(2);
            return;
        }
        System.out.println();
        System.out.print(summary.table());
        String json = summary.json();
        System.out.println(json);
        if (options.jsonFile() != null) {
            try {
                Files.writeString(Path.of(options.jsonFile()), json + System.lineSeparator());
            } catch (IOException e) {
                System.err.println("loadtest: could not write " + options.jsonFile() + ": " + e.getMessage());
            }
        }
        if (summary.failureRate() > options.maxFailures()) {
            System.err.printf(Locale.ROOT, "loadtest: %d of %d peers failed (%.2f%% > --max-failures %.2f%%)%n",
                    summary.failed(), summary.started(), 100 * summary.failureRate(), 100 * options.maxFailures());
            System.exit(1);
        }
        System.exit(0);
    }

    private static Path jarFolder() {
        try {
            // target/osprey-loadtest.jar or target/classes: either way, the module's target folder.
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Path.of("target");
        }
    }
}
