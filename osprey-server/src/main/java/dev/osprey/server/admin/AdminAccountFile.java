package dev.osprey.server.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * The administrator account on disk: {@code ${store.dir}/admin-account.json}, readable and writable by
 * the server's user only. It holds the e-mail and the PBKDF2 hash, never the password. Writes replace
 * the file atomically, so a running server never reads half a file.
 */
public final class AdminAccountFile {

    public static final String FILE_NAME = "admin-account.json";
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** No look-alike characters (0/O, 1/l/I), so that a password copied from a log by eye still works. */
    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    /** 22 of 57 symbols: 128 bits. */
    static final int GENERATED_PASSWORD_CHARS = 22;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public AdminAccountFile(Path storeDir) {
        this.file = storeDir.resolve(FILE_NAME);
    }

    public Path path() {
        return file;
    }

    /** The file's size and modification time, to notice a change cheaply; empty when there is no file. */
    Optional<String> stamp() throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return Optional.of(attributes.lastModifiedTime().toMillis() + "/" + attributes.size() + "/" + attributes.fileKey());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * The stored account, or empty when there is no file. A file others may read is restricted to its
     * owner first.
     *
     * @throws IOException when the file cannot be read or is not a valid account
     */
    public Optional<AdminAccount> read() throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        restrictToOwner();
        try {
            JsonNode root = JSON.readTree(bytes);
            if (root == null || !root.isObject() || !PasswordHash.ALGORITHM.equals(root.path("algorithm").asText())) {
                throw new IOException("expected a JSON object with algorithm " + PasswordHash.ALGORITHM);
            }
            Base64.Decoder b64 = Base64.getDecoder();
            PasswordHash hash = new PasswordHash(root.path("iterations").asInt(),
                    b64.decode(root.path("salt").asText()), b64.decode(root.path("hash").asText()));
            return Optional.of(new AdminAccount(root.path("email").asText(), hash));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** Replaces the stored account (creating {@code store.dir} when needed). */
    public void write(AdminAccount account) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("email", account.email());
        root.put("algorithm", PasswordHash.ALGORITHM);
        root.put("iterations", account.password().iterations());
        root.put("salt", Base64.getEncoder().encodeToString(account.password().salt()));
        root.put("hash", Base64.getEncoder().encodeToString(account.password().hash()));
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = posix(dir)
                ? Files.createTempFile(dir, FILE_NAME, ".tmp", PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            Files.write(temp, (root.toPrettyString() + "\n").getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Creates the account {@code email} with a random password when there is no file yet.
     *
     * @return the generated password, for the caller to show once; empty when the file existed
     */
    public Optional<String> createIfMissing(String email) throws IOException {
        if (Files.exists(file)) {
            return Optional.empty();
        }
        String password = randomPassword();
        write(new AdminAccount(email, PasswordHash.of(password)));
        return Optional.of(password);
    }

    static String randomPassword() {
        StringBuilder password = new StringBuilder(GENERATED_PASSWORD_CHARS);
        for (int i = 0; i < GENERATED_PASSWORD_CHARS; i++) {
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private void restrictToOwner() throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view != null && !view.readAttributes().permissions().equals(OWNER_ONLY)) {
            view.setPermissions(OWNER_ONLY);
        }
    }

    private static boolean posix(Path dir) {
        return Files.getFileAttributeView(dir, PosixFileAttributeView.class) != null;
    }
}
