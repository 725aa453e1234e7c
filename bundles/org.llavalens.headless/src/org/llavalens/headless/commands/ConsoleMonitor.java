package org.llavalens.headless.commands;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.headless.cli.Console;

/**
 * Reports a core API's progress monitor on the console; cancel comes from thread interruption.
 * The task name is the caller's, else the one the core API begins with.
 */
final class ConsoleMonitor extends NullProgressMonitor {

    private final Console console;
    private final String fixedTask;
    private String task = "";
    private long total;
    private long done;

    ConsoleMonitor(Console console) {
        this(console, null);
    }

    ConsoleMonitor(Console console, String task) {
        this.console = console;
        this.fixedTask = task;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        task = fixedTask != null ? fixedTask : name == null ? "" : name;
        total = Math.max(totalWork, 0);
        done = 0;
    }

    @Override
    public void worked(int work) {
        done += work;
        if (total > 0) {
            console.progress(task, Math.min(done, total), total);
        }
    }

    @Override
    public boolean isCanceled() {
        return super.isCanceled() || Thread.currentThread().isInterrupted();
    }
}
