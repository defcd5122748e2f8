package dev.osprey.loadtest.stats;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Reads a local process's CPU time and resident memory from /proc (Linux), and finds the process
 * listening on a local TCP port, so a run can report the server's cost without the server's help.
 */
public final class ServerProbe {
    /** Kernel clock ticks per second for /proc/PID/stat; 100 on every mainstream Linux build. */
    private static final double CLOCK_TICKS = 100.0;

    private final long pid;

    public ServerProbe(long pid) {
        this.pid = pid;
    }

    public long pid() {
        return pid;
    }

    /** user + system CPU seconds so far, or -1 when the process is gone or /proc is unreadable. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name may hold spaces; fields resume after its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
            long utime = Long.parseLong(fields[11]);
            long stime = Long.parseLong(fields[12]);
            return (utime + stime) / CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Resident set size in kB, or -1. */
    public long rssKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return -1;
    }

    /**
     * The pid of the process that has a listening TCP socket on {@code port} (IPv4 or IPv6), if it is
     * readable to this user.
     */
    public static OptionalLong findListener(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        long inode = -1;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is f[1], state f[3] (0A = LISTEN), inode f[9]
                    if (f.length > 9 && f[1].endsWith(hexPort) && "0A".equals(f[3])) {
                        inode = Long.parseLong(f[9]);
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // try the next table
            }
            if (inode > 0) {
                break;
            }
        }
        if (inode <= 0) {
            return OptionalLong.empty();
        }
        String target = "socket:[" + inode + "]";
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path proc : procs) {
                try (DirectoryStream<Path> fds = Files.newDirectoryStream(proc.resolve("fd"))) {
                    for (Path fd : fds) {
                        if (target.equals(Files.readSymbolicLink(fd).toString())) {
                            return OptionalLong.of(Long.parseLong(proc.getFileName().toString()));
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // not ours to read, or gone
                }
            }
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
