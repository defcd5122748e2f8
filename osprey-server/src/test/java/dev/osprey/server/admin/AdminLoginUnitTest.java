package dev.osprey.server.admin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The account created at first start, the file it lives in, and what a login does with it. */
class AdminLoginUnitTest {

    @TempDir
    Path dir;

    @Test
    void theFirstStartGeneratesAPasswordThatWorksAndStoresOnlyItsHashForTheOwner() throws Exception {
        List<String> announced = new ArrayList<>();
        AdminLogin login = AdminLogin.open(dir, new SessionStore(), new LoginThrottle(), announced::add);
        assertThat(announced).hasSize(1);
        String password = announced.getFirst();
        assertThat(password).hasSize(AdminAccountFile.GENERATED_PASSWORD_CHARS).matches("[A-Za-z2-9]+");

        Path file = dir.resolve(AdminAccountFile.FILE_NAME);
        String stored = Files.readString(file);
        assertThat(stored).doesNotContain(password)
                .contains("\"algorithm\" : \"PBKDF2WithHmacSHA256\"").contains("\"iterations\" : 600000");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(login.login("192.0.2.1", "admin", password)).isInstanceOf(AdminLogin.Outcome.LoggedIn.class);
        assertThat(login.login("192.0.2.1", "admin", password + "x")).isInstanceOf(AdminLogin.Outcome.Refused.class);

        // A second start keeps the account and announces nothing.
        AdminLogin again = AdminLogin.open(dir, new SessionStore(), new LoginThrottle(), announced::add);
        assertThat(announced).hasSize(1);
        assertThat(again.login("192.0.2.1", "ADMIN ", password)).isInstanceOf(AdminLogin.Outcome.LoggedIn.class);
    }

    @Test
    void aFileOthersCanReadIsRestrictedToItsOwner() throws Exception {
        AdminAccountFile file = new AdminAccountFile(dir);
        file.write(new AdminAccount("ops@example.com", PasswordHash.of("a long enough password")));
        Files.setPosixFilePermissions(file.path(), PosixFilePermissions.fromString("rw-r--r--"));
        assertThat(file.read()).map(AdminAccount::email).hasValue("ops@example.com");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.path()))).isEqualTo("rw-------");
    }

    @Test
    void aBrokenAccountFileRefusesEveryLoginAndEndsTheSessions() throws Exception {
        SessionStore sessions = new SessionStore();
        AdminAccountFile file = new AdminAccountFile(dir);
        file.write(new AdminAccount("ops@example.com", PasswordHash.of("a long enough password")));
        AdminLogin login = AdminLogin.open(dir, sessions, new LoginThrottle(), password -> {
            throw new AssertionError("an account exists: nothing to generate");
        });
        var in = (AdminLogin.Outcome.LoggedIn) login.login("192.0.2.2", "ops@example.com", "a long enough password");
        assertThat(sessions.touch(in.sessionId())).isTrue();

        Files.writeString(file.path(), "{\"email\":\"ops@example.com\",\"algorithm\":\"MD5\"}");
        login.reloadIfChanged();
        assertThat(sessions.touch(in.sessionId())).isFalse();
        assertThat(login.login("192.0.2.2", "ops@example.com", "a long enough password"))
                .isInstanceOf(AdminLogin.Outcome.Refused.class);
    }

    @Test
    void passwordHashesUseTheirOwnSaltAndNeverShowTheirBytes() {
        PasswordHash a = PasswordHash.of("same password here");
        PasswordHash b = PasswordHash.of("same password here");
        assertThat(a).isNotEqualTo(b);
        assertThat(a.matches("same password here")).isTrue();
        assertThat(b.matches("same password here")).isTrue();
        assertThat(a.matches("same password herE")).isFalse();
        assertThat(a.toString()).isEqualTo("PasswordHash[PBKDF2WithHmacSHA256, 600000 iterations]");
    }
}
