package org.llavalens.analysis.experiment;

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

    /** @param onCase told after each measured case (e.g. to print its time) */
    public static ColorQaResult run(ColorQaExperiment experiment, List<ColorQaCase> cases, Consumer<CaseMeasures> onCase,
            IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Colour experiment", cases.size());
        List<CaseMeasures> measured = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (ColorQaCase c : cases) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            try {
                CaseMeasures m = experiment.measure(c, sub.split(1));
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
        return new ColorQaResult(measured, failures, experiment.options());
    }
}
