package dev.osprey.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * An application's folder of VoD files, {@code {store.dir}/../streams/{App}/}: recordings and uploads
 * live there. A {@link VodEntry}'s {@code filePath} names a file in it as Ant Media does, as the path
 * below the application's URL: {@code streams/{file}}. Paths from entries are resolved only when they
 * stay inside the folder, so a forged entry can never name another file.
 */
public final class VodFolder {

    /** What every {@code filePath} starts with. */
    public static final String PREFIX = "streams/";

    private final Path root;

    public VodFolder(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The folder of {@code application} next to the store folder: {@code {storeDir}/../streams/{application}}. */
    public static VodFolder besideStore(Path storeDir, String application) {
        Path store = storeDir.toAbsolutePath().normalize();
        Path parent = store.getParent() == null ? store : store.getParent();
        return new VodFolder(parent.resolve("streams").resolve(application));
    }

    public Path root() {
        return root;
    }

    /** The folder, created when missing. */
    public Path create() throws IOException {
        return Files.createDirectories(root);
    }

    /** The file a {@code filePath} names, empty when it does not start with {@value #PREFIX} or leads out of the folder. */
    public Optional<Path> resolve(String filePath) {
        if (filePath == null || !filePath.startsWith(PREFIX)) {
            return Optional.empty();
        }
        Path relative;
        try {
            relative = Path.of(filePath.substring(PREFIX.length()));
        } catch (java.nio.file.InvalidPathException e) {
            return Optional.empty();
        }
        if (relative.isAbsolute()) {
            return Optional.empty();
        }
        Path file = root.resolve(relative).normalize();
        return file.startsWith(root) && !file.equals(root) ? Optional.of(file) : Optional.empty();
    }

    /** {@code file}'s {@code filePath} ({@value #PREFIX} and its path in the folder), empty when it is not inside it. */
    public Optional<String> relativize(Path file) {
        Path normal = file.toAbsolutePath().normalize();
        if (!normal.startsWith(root) || normal.equals(root)) {
            return Optional.empty();
        }
        return Optional.of(PREFIX + root.relativize(normal).toString().replace('\\', '/'));
    }

    /**
     * Deletes the file a {@code filePath} names, when it is inside the folder; a missing file is fine.
     *
     * @return false when the path leads out of the folder (nothing deleted)
     */
    public boolean delete(String filePath) throws IOException {
        Optional<Path> file = resolve(filePath);
        if (file.isEmpty()) {
            return false;
        }
        Files.deleteIfExists(file.get());
        return true;
    }
}
