package org.llavalens.attribution.method;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.ProgressMonitorWrapper;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * Runs methods one after the other and isolates them: a method that throws anything (an
 * {@link AssertionError} or {@link StackOverflowError} included), returns arrays of the wrong shape
 * or with NaN/infinite values (its extra arrays too: they end up in JSON), or runs past its deadline
 * becomes a failed {@link MethodResult} with a one-line reason, and the next method still runs.
 * Cancellation stops the whole run, and so does an {@link OutOfMemoryError} (the JVM is short of
 * memory for everything that follows; a batch rerun resumes).
 *
 * <p>Each method computes on a thread of its own, so that one that never returns (a plugin's endless
 * loop) can be abandoned: at the deadline or on cancel its monitor reports cancelled, its thread is
 * interrupted, and the run goes on without it.
 */
public final class MethodRunner {

    /** How long one method may compute before it is stopped and reported failed. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(120);
    private static final long POLL_MILLIS = 50;

    /** The deadline of runners made without one: the workbench sets it from its preference, the CLI from a flag. */
    private static volatile Duration processDeadline = DEFAULT_DEADLINE;

    private final MethodRegistry registry;
    private final Duration deadline;

    /** A runner with this process's method deadline ({@link #setProcessDeadline}, default 120 s). */
    public MethodRunner(MethodRegistry registry) {
        this(registry, processDeadline);
    }

    /** Sets the deadline of the runners made from now on without one (the analyses' runners). */
    public static void setProcessDeadline(Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a method deadline must be positive, not " + deadline);
        }
        processDeadline = deadline;
    }

    public static Duration processDeadline() {
        return processDeadline;
    }

    public MethodRunner(MethodRegistry registry, Duration deadline) {
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("a method deadline must be positive, not " + deadline);
        }
        this.registry = registry;
        this.deadline = deadline;
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
        Map<String, String> settings = Map.of();
        try {
            AttributionMethod m = registry.get(id);
            label = m.label();
            settings = valuesUsed(m, context);
            MethodOutput o = computeWithin(m, context, monitor);
            double millis = (System.nanoTime() - t0) / 1e6;
            if (o == null) {
                throw new IllegalStateException("returned no output");
            }
            validate(o, m.produces(), context.trace());
            Map<String, String> used = new LinkedHashMap<>(settings);
            used.putAll(o.settings());
            return MethodResult.success(id, label, used, o, millis);
        } catch (OperationCanceledException | OutOfMemoryError e) {
            throw e;
        } catch (Throwable e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e instanceof Error ? e.getClass().getSimpleName() + ": " + e.getMessage() : e.getMessage();
            return MethodResult.failure(id, label, settings, (System.nanoTime() - t0) / 1e6, msg.replace('\n', ' '));
        }
    }

    /**
     * The value of every parameter the method declares, as text, in its order: what the result
     * records it ran with. A value the user set that does not parse fails the method here, in one
     * line naming the parameter, before it computes.
     */
    private static Map<String, String> valuesUsed(AttributionMethod m, MethodContext context) {
        Map<String, String> used = new LinkedHashMap<>();
        for (MethodParameter<?> p : m.parameters()) {
            used.put(p.key(), formatted(p, context));
        }
        return used;
    }

    private static <T> String formatted(MethodParameter<T> p, MethodContext context) {
        return p.format(context.value(p));
    }

    /** Runs the method on its own thread and waits for it, up to the deadline or a cancel. */
    private MethodOutput computeWithin(AttributionMethod m, MethodContext context, IProgressMonitor monitor)
            throws Throwable {
        IProgressMonitor caller = monitor == null ? new NullProgressMonitor() : monitor;
        AtomicBoolean stopped = new AtomicBoolean();
        IProgressMonitor guarded = new ProgressMonitorWrapper(caller) {
            @Override
            public boolean isCanceled() {
                return stopped.get() || super.isCanceled();
            }
        };
        FutureTask<MethodOutput> task = new FutureTask<>(() -> m.compute(context, guarded));
        Thread thread = new Thread(task, "llavalens-method " + m.id());
        thread.setDaemon(true); // an abandoned method never keeps the JVM alive
        thread.start();
        long end = System.nanoTime() + deadline.toNanos();
        while (true) {
            try {
                return task.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw e.getCause();
            } catch (TimeoutException e) {
                if (caller.isCanceled()) {
                    abandon(thread, stopped);
                    throw new OperationCanceledException();
                }
                if (System.nanoTime() - end > 0) {
                    abandon(thread, stopped);
                    throw new IllegalStateException("did not finish within " + deadline.toSeconds()
                            + " s; stopped (its thread was abandoned)");
                }
            } catch (InterruptedException e) {
                abandon(thread, stopped);
                Thread.currentThread().interrupt();
                throw new OperationCanceledException();
            }
        }
    }

    private static void abandon(Thread thread, AtomicBoolean stopped) {
        stopped.set(true);
        thread.interrupt();
    }

    static void validate(MethodOutput o, Produces produces, ForwardTrace trace) {
        int layers = trace.model().numLayers();
        int heads = trace.model().numHeads();
        if (o.headScores() != null) {
            HeadScores s = o.headScores();
            if (s.numLayers() != layers) {
                throw new IllegalStateException("malformed result: " + s.numLayers() + " layers of head scores, model has " + layers);
            }
            if (!s.rectangular() || s.numHeads() != heads) {
                throw new IllegalStateException("malformed result: head scores are not " + layers + " x " + heads);
            }
            s.firstNonFinite().ifPresent(h -> {
                throw new IllegalStateException("malformed result: head scores hold " + s.score(h) + " at head " + h);
            });
        } else if (produces == Produces.HEADS || produces == Produces.HEADS_AND_POSITIONS) {
            throw new IllegalStateException("malformed result: no head scores");
        }
        if (o.imageScores() != null) {
            int p = trace.imageSpan().map(s -> s.patchCount()).orElse(0);
            if (o.imageScores().length() != p) {
                throw new IllegalStateException("malformed result: " + o.imageScores().length() + " image scores for " + p + " patches");
            }
            finite(o.imageScores(), "image scores");
        }
        if (o.positionScores() != null) {
            int t = trace.sequenceLength();
            for (Map.Entry<HeadId, ScoreVector> e : o.positionScores().entrySet()) {
                if (e.getValue() == null || e.getValue().length() != t) {
                    throw new IllegalStateException("malformed result: position scores of " + e.getKey() + " do not cover the " + t + " positions");
                }
                finite(e.getValue(), "position scores of " + e.getKey());
            }
        }
        if (o.arrays() != null) {
            for (Map.Entry<String, ScoreVector> e : o.arrays().entrySet()) {
                if (e.getValue() != null) {
                    finite(e.getValue(), "array " + e.getKey());
                }
            }
        }
        if (produces.positions() && o.imageScores() == null && o.positionScores() == null) {
            throw new IllegalStateException("malformed result: no position scores");
        }
    }

    private static void finite(ScoreVector v, String what) {
        int i = v.firstNonFinite();
        if (i >= 0) {
            throw new IllegalStateException("malformed result: " + what + " hold " + v.get(i) + " at index " + i);
        }
    }
}
