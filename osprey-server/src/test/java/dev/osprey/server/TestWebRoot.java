package dev.osprey.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A web root with known files, and a secret next to it that must never be served. */
final class TestWebRoot {

    static final String INDEX = "<!DOCTYPE html><title>index</title>";
    static final String PUBLISH = "<!DOCTYPE html><title>publish</title>";
    static final String SDK = "/* webrtc adaptor */";
    static final String SELFIE = "/* selfie segmentation */";
    static final String SECRET = "secret-file-content";

    private TestWebRoot() {
    }

    /** Creates {@code dir/web/...} and {@code dir/secret.txt}; returns {@code dir/web}. */
    static Path create(Path dir) throws IOException {
        Path web = dir.resolve("web");
        write(web.resolve("samples/index.html"), INDEX);
        write(web.resolve("samples/publish.html"), PUBLISH);
        write(web.resolve("samples/css/empty/.keep"), "");
        write(web.resolve(WebRoutes.SDK_SCRIPT), SDK);
        write(web.resolve(WebRoutes.MEDIAPIPE_DIR).resolve("selfie_segmentation.js"), SELFIE);
        write(dir.resolve("secret.txt"), SECRET);
        return web;
    }

    private static void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }
}
