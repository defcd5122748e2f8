package dev.osprey.server;

import dev.osprey.server.admin.AdminAccount;
import dev.osprey.server.admin.AdminAccountFile;
import dev.osprey.server.admin.PasswordHash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;

/**
 * The console administrator of test servers: {@link #provision} writes a known account into a store
 * folder before the server starts (the hash is computed once per test run), {@link #login} logs in and
 * returns the {@code Cookie} header value to send.
 */
public final class TestAdmin {

    public static final String EMAIL = "admin@example.com";
    public static final String PASSWORD = "correct horse battery staple";
    private static PasswordHash hash;

    private TestAdmin() {
    }

    /** Writes the test account into {@code storeDir}, so the server starts with it instead of generating one. */
    public static synchronized void provision(Path storeDir) {
        if (hash == null) {
            hash = PasswordHash.of(PASSWORD);
        }
        try {
            new AdminAccountFile(storeDir).write(new AdminAccount(EMAIL, hash));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Logs in at the server on 127.0.0.1:{@code port}; returns {@code osprey_session=...} for a Cookie header. */
    public static String login(int port) {
        return login(port, EMAIL, PASSWORD);
    }

    public static String login(int port, String email, String password) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/rest/v2/users/authenticate"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}"))
                .build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            String setCookie = response.headers().firstValue("Set-Cookie")
                    .orElseThrow(() -> new AssertionError("login failed: " + response.statusCode() + " " + response.body()));
            return setCookie.substring(0, setCookie.indexOf(';'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
