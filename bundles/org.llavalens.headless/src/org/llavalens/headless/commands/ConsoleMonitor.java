package org.llavalens.headless.commands;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.headless.cli.Console;

/**
 * Reports a core API's progress monitor on the console; cancel comes from thread interruption.
 * The task name is the caller's, else the one the core API begins with; the unit names what one unit
 * of work is ({@code cases}, {@code images}) when the caller knows it, so the line reads in real units.
 * Without a unit the work is the core API's internal ticks, so only the percentage is shown, with the
 * step under way ({@code Forward pass}, {@code Ablating image patches}) the API names.
 */
final class ConsoleMonitor extends NullProgressMonitor {

    private final Console console;
    private final String fixedTask;
    private final String unit;
    private String task = "";
    private long total;
    private long done;
    private String step;

    ConsoleMonitor(Console console) {
        this(console, null, null);
    }

    ConsoleMonitor(Console console, String task) {
        this(console, task, null);
    }

    ConsoleMonitor(Console console, String task, String unit) {
        this.console = console;
        this.fixedTask = task;
        this.unit = unit;
    }

    @Override
    public void beginTask(String name, int totalWork) {
        task = fixedTask != null ? fixedTask : name == null ? "" : name;
        total = Math.max(totalWork, 0);
        done = 0;
        console.startProgress();
    }

    @Override
    public void worked(int work) {
        done += work;
        if (total > 0) {
            console.progress(step == null || unit != null ? task : task + " (" + step + ")", Math.min(done, total),
                    total, unit);
        }
    }

    @Override
    public void subTask(String name) {
        step = name == null || name.isBlank() ? null : name;
    }

    @Override
    public boolean isCanceled() {
        return super.isCanceled() || Thread.currentThread().isInterrupted();
    }
}
