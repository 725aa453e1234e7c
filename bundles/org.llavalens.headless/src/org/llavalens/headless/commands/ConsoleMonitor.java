package org.llavalens.headless.commands;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.headless.cli.Console;

/** Shows a core API's progress on the console. */
final class ConsoleMonitor extends NullProgressMonitor {

    private final Console console;
    private final String task;
    private long total;
    private long done;

    ConsoleMonitor(Console console, String task) {
        this.console = console;
        this.task = task;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        total = totalWork;
        done = 0;
    }

    @Override
    public void worked(int work) {
        done += work;
        if (total > 0) {
            console.progress(task, Math.min(done, total), total);
        }
    }
}
