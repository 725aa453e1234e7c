package org.llavalens.headless.commands;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.llavalens.headless.cli.Console;

/**
 * Reports a core API's progress monitor on the console; cancel comes from thread interruption.
 * The task name is the caller's, else the one the core API begins with. Core APIs report through
 * {@code SubMonitor}, which hands this root monitor 1000 internal ticks whatever the real work is; so
 * when the caller knows the real amount ({@code 250 cases}) the ticks are shown as that many units, and
 * otherwise only the percentage is shown, with the step under way ({@code Forward pass},
 * {@code Ablating image patches}) the API names.
 */
final class ConsoleMonitor extends NullProgressMonitor {

    private final Console console;
    private final String fixedTask;
    private final String unit;
    private final long units;
    private String task = "";
    private long total;
    private long done;
    private String step;

    ConsoleMonitor(Console console) {
        this(console, null, null, 0);
    }

    ConsoleMonitor(Console console, String task) {
        this(console, task, null, 0);
    }

    /** Progress shown as {@code units} of {@code unit} (e.g. 250 cases) however the API counts its ticks. */
    ConsoleMonitor(Console console, String task, String unit, long units) {
        this.console = console;
        this.fixedTask = task;
        this.unit = units > 0 ? unit : null;
        this.units = units;
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
        if (total <= 0) {
            return;
        }
        long ticks = Math.min(done, total);
        if (unit != null) {
            console.progress(task, Math.round((double) ticks * units / total), units, unit);
        } else {
            console.progress(step == null ? task : task + " (" + step + ")", ticks, total, null);
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
