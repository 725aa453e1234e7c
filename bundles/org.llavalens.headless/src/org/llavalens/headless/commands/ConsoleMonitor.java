package org.llavalens.headless.commands;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.headless.cli.Console;

/** Reports a core API's progress monitor on the console (cancel comes from thread interruption). */
final class ConsoleMonitor extends NullProgressMonitor {

    private final Console console;
    private String task = "";
    private long total;
    private long done;

    ConsoleMonitor(Console console) {
        this.console = console;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        task = name == null ? "" : name;
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
