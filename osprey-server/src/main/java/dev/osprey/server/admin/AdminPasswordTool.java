package dev.osprey.server.admin;

import dev.osprey.server.Config;
import dev.osprey.server.ConfigException;
import dev.osprey.server.ConfigLoader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ./osprey admin-password [--email=NAME] [--config=FILE] [--key=value ...]}: sets the console
 * administrator's password, read as the first line of standard input (the launcher prompts for it
 * twice, without echo, when run in a terminal). The account file goes where the server looks for it,
 * {@code store.dir} of the same configuration; a running server notices the change within seconds and
 * ends every console session. Exit codes: 0 done, 1 the file could not be written, 2 bad input.
 */
public final class AdminPasswordTool {

    static final int MIN_PASSWORD_CHARS = 12;
    static final int MAX_PASSWORD_CHARS = 1024;
    private static final String EMAIL_OPTION = "--email=";

    private AdminPasswordTool() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.getenv(), System.in, System.out, System.err));
    }

    /** {@link #main} with its inputs and outputs given; returns the exit code. */
    public static int run(List<String> args, Map<String, String> env, InputStream in, PrintStream out, PrintStream err) {
        if (args.contains("--help") || args.contains("-h")) {
            out.println("usage: ./osprey admin-password [--email=NAME] [--config=FILE] [--store.dir=DIR]");
            out.println("Sets the console admin password, read from standard input (at least "
                    + MIN_PASSWORD_CHARS + " characters).");
            return 0;
        }
        String email = null;
        List<String> configArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith(EMAIL_OPTION)) {
                email = arg.substring(EMAIL_OPTION.length());
            } else {
                configArgs.add(arg);
            }
        }
        Config config;
        try {
            config = ConfigLoader.load(configArgs, env);
        } catch (ConfigException e) {
            err.println("osprey: configuration error: " + e.getMessage());
            return 2;
        }
        String password;
        try {
            password = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        } catch (IOException e) {
            err.println("osprey: cannot read the password from standard input: " + e.getMessage());
            return 2;
        }
        if (password == null || password.length() < MIN_PASSWORD_CHARS || password.length() > MAX_PASSWORD_CHARS) {
            err.println("osprey: the password must have " + MIN_PASSWORD_CHARS + " to " + MAX_PASSWORD_CHARS
                    + " characters (given on standard input, one line)");
            return 2;
        }
        AdminAccountFile file = new AdminAccountFile(config.storeDir());
        try {
            if (email == null) {
                email = storedEmail(file).orElse(AdminAccount.DEFAULT_EMAIL);
            }
            AdminAccount account;
            try {
                account = new AdminAccount(email, PasswordHash.of(password));
            } catch (IllegalArgumentException e) {
                err.println("osprey: " + e.getMessage());
                return 2;
            }
            file.write(account);
            out.println("osprey: console admin \"" + account.email() + "\" saved in " + file.path()
                    + "; a running server ends its console sessions within seconds");
            return 0;
        } catch (IOException e) {
            err.println("osprey: cannot write " + file.path() + ": " + e);
            return 1;
        }
    }

    /** The e-mail of the stored account, if there is a readable one (a broken file is simply replaced). */
    static Optional<String> storedEmail(AdminAccountFile file) {
        try {
            return file.read().map(AdminAccount::email);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
