/**
 * The console administrator: one account (e-mail + PBKDF2 password hash) kept in a file under
 * {@code store.dir}, the logins that check it, and the server-side sessions they open.
 *
 * <p>Threading: {@link dev.osprey.server.admin.AdminLogin#login} and
 * {@link dev.osprey.server.admin.AdminLogin#reloadIfChanged} block (password hashing, file I/O) and run on
 * worker threads only. {@link dev.osprey.server.admin.SessionStore} and
 * {@link dev.osprey.server.admin.LoginThrottle} are thread-safe and never block, so event loops may use them.
 * Nothing in this package logs a password, a hash or a session id; the one exception is the password
 * generated at first start, logged once so that the operator can log in.
 */
package dev.osprey.server.admin;
