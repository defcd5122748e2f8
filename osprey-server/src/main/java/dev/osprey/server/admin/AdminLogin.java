package dev.osprey.server.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * Checks console logins against the account file and opens sessions. The file is read again when
 * it changes on disk (after {@code ./osprey admin-password}); a changed account ends every session.
 * Blocking: call {@link #login} and {@link #reloadIfChanged} on worker threads.
 */
public final class AdminLogin {

    private static final Logger LOG = LoggerFactory.getLogger(AdminLogin.class);
    /** Password hashing is slow on purpose; a flood of logins must not take every worker thread. */
    static final int CONCURRENT_CHECKS = 2;
    /** Checked against when there is no usable account, so that a refusal takes as long as with one. */
    private static final PasswordHash NO_ACCOUNT = new PasswordHash(PasswordHash.ITERATIONS,
            new byte[PasswordHash.SALT_BYTES], new byte[PasswordHash.HASH_BYTES]);

    private final AdminAccountFile file;
    private final SessionStore sessions;
    private final LoginThrottle throttle;
    private final Semaphore checks = new Semaphore(CONCURRENT_CHECKS);
    private volatile Loaded loaded;

    /** The account as last read, and the file stamp it was read at; account null when unusable. */
    private record Loaded(Optional<String> stamp, AdminAccount account) {
    }

    /** What a login attempt came to. */
    public sealed interface Outcome {
        /** Logged in: {@code sessionId} goes into the cookie. */
        record LoggedIn(String sessionId) implements Outcome {
        }

        /** Wrong e-mail or password (which of the two is not said). */
        record Refused() implements Outcome {
        }

        /** Too many failures from this client: try again after {@code retryAfterSeconds}. */
        record Throttled(long retryAfterSeconds) implements Outcome {
        }

        /** Too many logins being checked at this moment. */
        record Busy() implements Outcome {
        }
    }

    private AdminLogin(AdminAccountFile file, SessionStore sessions, LoginThrottle throttle) {
        this.file = file;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /**
     * Reads the account under {@code storeDir}, creating one with a random password when there is none
     * (the password is logged once, here, and stored only as a hash).
     *
     * @throws IOException when the file cannot be written or read, or is not a valid account
     */
    public static AdminLogin open(Path storeDir, SessionStore sessions, LoginThrottle throttle) throws IOException {
        Path path = new AdminAccountFile(storeDir).path();
        return open(storeDir, sessions, throttle, password -> LOG.warn("Console admin account created: email \"{}\", "
                + "password \"{}\" (shown only this once, stored as a hash in {}; change it with ./osprey admin-password)",
                AdminAccount.DEFAULT_EMAIL, password, path));
    }

    /** {@link #open(Path, SessionStore, LoginThrottle)} telling {@code announce} a generated password. */
    static AdminLogin open(Path storeDir, SessionStore sessions, LoginThrottle throttle, Consumer<String> announce)
            throws IOException {
        AdminAccountFile file = new AdminAccountFile(storeDir);
        file.createIfMissing(AdminAccount.DEFAULT_EMAIL).ifPresent(announce);
        AdminLogin login = new AdminLogin(file, sessions, throttle);
        Optional<String> stamp = file.stamp();
        login.loaded = new Loaded(stamp, file.read().orElseThrow(() -> new IOException(file.path() + " vanished")));
        return login;
    }

    /** Checks the credentials of a client at {@code address} (its IP). */
    public Outcome login(String address, String email, String password) {
        OptionalLong wait = throttle.waitMillis(address);
        if (wait.isPresent()) {
            return new Outcome.Throttled(Math.max(1, (wait.getAsLong() + 999) / 1000));
        }
        if (!checks.tryAcquire()) {
            return new Outcome.Busy();
        }
        boolean accepted;
        try {
            reloadIfChanged();
            AdminAccount account = loaded.account();
            String given = password == null ? "" : password;
            if (given.length() > AdminPasswordTool.MAX_PASSWORD_CHARS) {
                accepted = false; // never a valid password: not worth hashing
            } else if (account != null) {
                accepted = account.accepts(email, given);
            } else {
                NO_ACCOUNT.matches(given);
                accepted = false;
            }
        } finally {
            checks.release();
        }
        if (!accepted) {
            throttle.failed(address);
            return new Outcome.Refused();
        }
        throttle.succeeded(address);
        return new Outcome.LoggedIn(sessions.open());
    }

    /**
     * Reads the file again when it changed since the last read. A different account (or none, or an
     * unreadable file: logins then fail until it is fixed) ends every session.
     */
    public void reloadIfChanged() {
        Loaded before = loaded;
        Optional<String> stamp;
        try {
            stamp = file.stamp();
        } catch (IOException e) {
            stamp = Optional.of("unreadable");
        }
        if (stamp.equals(before.stamp())) {
            return;
        }
        AdminAccount account;
        try {
            account = file.read().orElse(null);
            if (account == null) {
                LOG.warn("{} was removed: console logins fail until the server restarts (which creates a new account) "
                        + "or ./osprey admin-password sets one", file.path());
            }
        } catch (IOException e) {
            account = null;
            LOG.warn("{} cannot be used ({}): console logins fail until it is fixed", file.path(), e.getMessage());
        }
        loaded = new Loaded(stamp, account);
        if (!Objects.equals(account, before.account())) {
            sessions.closeAll();
            LOG.info("Console admin account changed: every console session ended");
        }
    }

    public SessionStore sessions() {
        return sessions;
    }
}
