package org.llavalens.attribution.method;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * Runs methods one after the other and isolates them: a method that throws, or returns arrays of
 * the wrong shape or with NaN/infinite values, becomes a failed {@link MethodResult} with a
 * one-line reason, and the next method still runs. Cancellation is the one thing that stops the
 * whole run.
 */
public final class MethodRunner {

    private final MethodRegistry registry;

    public MethodRunner(MethodRegistry registry) {
        this.registry = registry;
    }

    public List<MethodResult> run(List<String> ids, MethodContext context, IProgressMonitor monitor) {
        SubMonitor sub = SubMonitor.convert(monitor, "Attribution", ids.size());
        List<MethodResult> out = new ArrayList<>();
        for (String id : ids) {
            if (sub.isCanceled()) {
                throw new OperationCanceledException();
            }
            out.add(runOne(id, context, sub.split(1)));
        }
        return out;
    }

    public MethodResult runOne(String id, MethodContext context, IProgressMonitor monitor) {
        long t0 = System.nanoTime();
        String label = id;
        Map<String, String> settings = context.settings();
        try {
            AttributionMethod m = registry.get(id);
            label = m.label();
            Map<String, String> effective = new LinkedHashMap<>(m.defaultSettings());
            for (String k : m.defaultSettings().keySet()) {
                if (context.settings().containsKey(k)) {
                    effective.put(k, context.settings().get(k));
                }
            }
            settings = effective;
            MethodOutput o = m.compute(context, monitor);
            double millis = (System.nanoTime() - t0) / 1e6;
            if (o == null) {
                throw new IllegalStateException("returned no output");
            }
            validate(o, m.produces(), context.trace());
            Map<String, String> used = new LinkedHashMap<>(effective);
            if (o.settings() != null) {
                used.putAll(o.settings());
            }
            return new MethodResult(id, label, used, o.headScores(), o.imageScores(), o.positionScores(), o.arrays(),
                    millis, null);
        } catch (OperationCanceledException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return MethodResult.failure(id, label, settings, (System.nanoTime() - t0) / 1e6, msg.replace('\n', ' '));
        }
    }

    static void validate(MethodOutput o, Produces produces, ForwardTrace trace) {
        int layers = trace.model().numLayers();
        int heads = trace.model().numHeads();
        if (o.headScores() != null) {
            if (o.headScores().length != layers) {
                throw new IllegalStateException("malformed result: " + o.headScores().length + " layers of head scores, model has " + layers);
            }
            for (double[] row : o.headScores()) {
                if (row == null || row.length != heads) {
                    throw new IllegalStateException("malformed result: head scores are not " + layers + " x " + heads);
                }
                finite(row, "head scores");
            }
        } else if (produces == Produces.HEADS || produces == Produces.HEADS_AND_POSITIONS) {
            throw new IllegalStateException("malformed result: no head scores");
        }
        if (o.imageScores() != null) {
            int p = trace.imageSpan().map(s -> s.patchCount()).orElse(0);
            if (o.imageScores().length != p) {
                throw new IllegalStateException("malformed result: " + o.imageScores().length + " image scores for " + p + " patches");
            }
            finite(o.imageScores(), "image scores");
        }
        if (o.positionScores() != null) {
            int t = trace.sequenceLength();
            for (Map.Entry<String, double[]> e : o.positionScores().entrySet()) {
                if (e.getValue() == null || e.getValue().length != t) {
                    throw new IllegalStateException("malformed result: position scores of " + e.getKey() + " do not cover the " + t + " positions");
                }
                finite(e.getValue(), "position scores of " + e.getKey());
            }
        }
        if (produces.positions() && o.imageScores() == null && o.positionScores() == null) {
            throw new IllegalStateException("malformed result: no position scores");
        }
    }

    private static void finite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalStateException("malformed result: " + what + " hold " + v[i] + " at index " + i);
            }
        }
    }
}
