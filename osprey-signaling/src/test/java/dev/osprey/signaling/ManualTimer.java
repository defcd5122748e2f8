package dev.osprey.signaling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link SignalingTimer} whose clock moves only when the test calls {@link #advance}. */
final class ManualTimer implements SignalingTimer {

    /** Compared by identity, so that cancelling removes exactly this task. */
    private static final class Task {
        final long dueAt;
        final Runnable action;

        Task(long dueAt, Runnable action) {
            this.dueAt = dueAt;
            this.action = action;
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long now;

    @Override
    public synchronized Scheduled schedule(long delayMillis, Runnable action) {
        Task task = new Task(now + delayMillis, action);
        tasks.add(task);
        return () -> {
            synchronized (this) {
                tasks.remove(task);
            }
        };
    }

    /** Moves the clock on and runs, on the calling thread and in time order, every task that fell due. */
    void advance(long millis) {
        long target;
        synchronized (this) {
            target = now + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(t -> t.dueAt <= target)
                        .min(Comparator.comparingLong((Task t) -> t.dueAt)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                tasks.remove(next);
                now = next.dueAt;
            }
            next.action.run(); // outside the monitor, like a real timer thread
        }
    }

    /** Tasks scheduled and neither run nor cancelled. */
    synchronized int pending() {
        return tasks.size();
    }
}
