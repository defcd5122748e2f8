package dev.osprey.media;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** A stand-in for another event loop: queues tasks until the test runs them, in order. */
final class LoopExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>(1024);

    @Override
    public void execute(Runnable task) {
        tasks.addLast(task);
    }

    /** Runs every queued task (and those they queue); returns how many ran. */
    int runAll() {
        int n = 0;
        Runnable task;
        while ((task = tasks.pollFirst()) != null) {
            task.run();
            n++;
        }
        return n;
    }

    int queued() {
        return tasks.size();
    }
}
