package org.llavalens.headless.commands;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchListener;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.client.HostBusyException;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;

/** {@code ./llavalens batch}: every case of a project analysed with one model load; resumable. */
public final class BatchCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            batch: analyse every case of a project (resumes after an interruption)
            usage:
              batch --project DIR --model DIR [--vicuna DIR] [--methods ID,...] [--limit N]
              batch --project DIR --server URL --token T --model ID [--vicuna ID] [the options above]
              batch --project DIR --model DIR --spark MASTER [--max-failures N] [the options above]
              batch status --project DIR [--json]
            options:
              --project DIR     an annotation project (./llavalens project create|import) (also --dir)
              --model DIR|ID    the LLaVA model folder (loaded once); with --server a model id of the host
              --vicuna DIR|ID   also ask each question without the image in this text-only model
              --limit N         only the first N cases
              --spark MASTER    run the batch on Apache Spark: local[N] or a cluster URL (docs/spark.md)
              --max-failures N  Spark: attempts per case before it is recorded failed (default %d)
              --json            print the result as one JSON object on stdout instead of text
            details:
              Results go to the project's results/<case>/batch-<settings>.json; batch/status-<settings>.json
              lists each case's state and error. Rerun the same command to resume: finished cases are kept.
              With --server the cases run on that model host and the result files are the same as here.
              With --spark the cases run as Spark tasks (one per case) from the job jar the build makes; the
              result files are the same as without it (docs/spark.md: the cluster's needs, spark-submit).
              batch status summarises every status file of the project: cases done, failed and pending.
            """.formatted(BatchJobSpec.DEFAULT_MAX_FAILURES), AnalysisOptions.OPTIONS, ComputeOptions.OPTIONS,
            ExplainServices.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        if (args.positionals().equals(List.of("status"))) {
            BatchStatusReport.print(args, console);
            return;
        }
        Path projectDir = args.path("project");
        String model = args.require("model");
        String vicuna = args.get("vicuna", null);
        String methodList = args.get("methods", LogProbIncreaseMethod.ID + "," + AverageAttentionMethod.ID);
        String target = args.get("target", null);
        String heads = args.get("heads", "top1");
        int maxNew = args.integer("max-new-tokens", 12);
        int deadline = MethodDeadline.apply(args);
        boolean pad = args.flag("pad-to-square");
        String replacement = args.get("replacement", "zeros");
        int limit = args.integer("limit", 0);
        String master = args.get("spark", null);
        int maxFailures = args.integer("max-failures", BatchJobSpec.DEFAULT_MAX_FAILURES);
        ComputeOptions compute = ComputeOptions.read(args);
        RemoteExplainService host = ExplainServices.remote(args);
        args.requireAllUsed();
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        if (limit < 0) {
            throw new UsageException("--limit must not be negative");
        }
        if (host != null && master != null) {
            throw new UsageException("--spark runs the models on the cluster's executors, --server on a model host: "
                    + "give one of them");
        }
        MethodRegistry registry = MethodRegistry.fromPlatform();
        registry.problems().forEach(console::warn);
        List<String> methods = MethodList.parse(registry, methodList);
        BatchSettings settings;
        try {
            settings = new BatchSettings(methods, target, heads, maxNew, pad,
                    Map.of(CausalAblationMethod.REPLACEMENT, replacement));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (master != null) {
            runOnSpark(new BatchJobSpec(projectDir.toAbsolutePath().toString(), Path.of(model).toAbsolutePath().toString(),
                    vicuna == null ? null : Path.of(vicuna).toAbsolutePath().toString(), settings, limit,
                    compute.settings().device().toString(), compute.settings().precision().toString(), deadline,
                    master, maxFailures), console);
            return;
        }
        try (AnnotationProject project = AnnotationProject.open(projectDir)) {
            project.recoveryNotes().forEach(console::warn);
            project.addConflictListener(c -> console.warn(c.message()));
            if (host != null) {
                console.info("running on " + host.server() + " with model " + model);
                try {
                    run(new BatchRun(project, host, registry, model, vicuna, settings), limit, console);
                } catch (ExplainException | HostBusyException e) {
                    throw new UsageException(e.getMessage());
                }
                return;
            }
            console.info("loading " + model);
            try (LoadedModel llava = compute.load(Path.of(model), console);
                    LoadedModel text = vicuna == null ? null : compute.load(Path.of(vicuna), console)) {
                run(new BatchRun(project, llava, text, registry, settings), limit, console);
            }
        }
    }

    /** Runs the batch (Ctrl-C stops it between cases) and prints its summary; failed cases fail the command. */
    private static void run(BatchRun run, int limit, Console console) throws IOException {
        console.info("results: " + run.resultId() + (run.hasTextModel() ? " and " + run.textResultId() : "")
                + "; status: " + run.statusFile());
        BatchRun.Summary s = run.run(limit, new Listener(console), new org.eclipse.core.runtime.NullProgressMonitor() {
            @Override
            public boolean isCanceled() {
                return super.isCanceled() || Thread.currentThread().isInterrupted();
            }
        });
        console.printf("%d cases: %d computed, %d already done, %d failed%s", s.total(), s.computed(),
                s.skipped(), s.failed(), s.cancelled() ? " (stopped; run again to resume)" : "");
        if (s.computed() + s.failed() > 0) {
            console.printf("time per case: %.2f s (%d cases in %.1f s)",
                    s.computeSeconds() / (s.computed() + s.failed()), s.computed() + s.failed(),
                    s.computeSeconds());
        }
        console.printf("status: %s", s.statusFile().toAbsolutePath());
        if (s.failed() > 0) {
            throw new IllegalStateException(s.failed() + " case(s) failed; their errors are in " + s.statusFile());
        }
    }

    /**
     * Outside OSGi the job has the built-in methods only (plug-ins come through the extension registry);
     * the driver JVM's exit code says how the batch ended.
     */
    private static void runOnSpark(BatchJobSpec spec, Console console) throws Exception {
        if (spec.maxFailures() < 1) {
            throw new UsageException("--max-failures must be at least 1");
        }
        List<String> builtIns = MethodRegistry.builtIns().list().stream().map(d -> d.id()).toList();
        for (String m : spec.settings().methods()) {
            if (!builtIns.contains(m)) {
                throw new UsageException("method " + m + " is a plug-in; on Spark only the built-in methods run: " + builtIns);
            }
        }
        int exit = SparkDriver.run("org.llavalens.spark.SparkBatchMain", spec.toArgs(), Runtime.getRuntime().maxMemory(),
                console);
        switch (exit) {
        case 0 -> { }
        case 1 -> throw new IllegalStateException("some cases failed; their errors are in the batch's status file");
        case 3 -> throw new IllegalStateException("the Spark job was stopped; run the same command again to resume");
        default -> throw new IllegalStateException("the Spark driver ended with exit code " + exit);
        }
    }

    /** The progress line: done/total cases, rate and time left (the batch's, which leaves out resumed cases); failures as they happen. */
    private record Listener(Console console) implements BatchListener {

        @Override
        public void caseFinished(Outcome o, Progress p) {
            if (o.state() == State.FAILED) {
                console.warn(o.caseId() + " failed: " + o.error());
            }
            console.progress("batch", p.done(), p.total(), "cases", p.casesPerSecond(), p.etaSeconds());
        }

        @Override
        public void warning(String message) {
            console.warn(message);
        }
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
