package org.llavalens.analysis.experiment;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;

/** Runs the color experiment over its cases; a case that fails is listed and the others go on. */
public final class ColorQaRun {

    private ColorQaRun() {
    }

    /** Measures one case: the experiment on loaded models, or an explain service (local or a model host's). */
    @FunctionalInterface
    public interface Measurer {
        CaseMeasures measure(ColorQaCase c, IProgressMonitor monitor) throws IOException;
    }

    /** @param onCase told after each measured case (e.g. to print its time) */
    public static ColorQaResult run(ColorQaExperiment experiment, List<ColorQaCase> cases, Consumer<CaseMeasures> onCase,
            IProgressMonitor monitor) {
        try {
            return run(experiment.options(), experiment::measure, cases, onCase, monitor);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @param options what {@code measurer} measures with (recorded with the result)
     * @throws IOException when the measurer cannot go on (a model host that went away); a case's own
     *                     failure is listed instead
     */
    public static ColorQaResult run(ColorQaExperiment.Options options, Measurer measurer, List<ColorQaCase> cases,
            Consumer<CaseMeasures> onCase, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Colour experiment", cases.size());
        List<CaseMeasures> measured = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ColorQaCase c : cases) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            try {
                CaseMeasures m = measurer.measure(c, sub.split(1));
                measured.add(m);
                if (onCase != null) {
                    onCase.accept(m);
                }
            } catch (OperationCanceledException e) {
                throw e;
            } catch (RuntimeException e) {
                String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                failures.add(c.id() + ": " + msg.lines().findFirst().orElse(msg));
            }
        }
        return new ColorQaResult(measured, failures, options);
    }
}
