package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.analysis.batch.BatchListener;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;

/** {@code ./llavalens batch}: every case of a project analysed with one model load; resumable. */
public final class BatchCommand implements Command {

    @Override
    public String name() {
        return "batch";
    }

    @Override
    public String summary() {
        return "analyse every case of a project (resumes after an interruption)";
    }

    @Override
    public String usage() {
        return """
                usage: ./llavalens batch --project DIR --model DIR [--vicuna DIR] [--methods ID,...] [--limit N]
                  --project DIR          an annotation project (./llavalens project create|import)
                  --model DIR            the LLaVA model folder (loaded once)
                  --vicuna DIR           also ask each question without the image in this text-only model
                  --methods ID,...       attribution methods (default logprob-increase,average-attention)
                  --target WORD|ID       the token to explain (default: the model's most likely next token)
                  --heads SPEC           image-map heads: top1 (default), topK:N, or 22_27,19_6
                  --max-new-tokens N     length of the greedy answer recorded on each case (default 12)
                  --pad-to-square        pad pictures to a square (original LLaVA) instead of the centre crop
                  --replacement MODE     causal ablation: zeros (default) or mean
                  --limit N              only the first N cases
                Results go to the project's results/<case>/batch-<settings>.json; batch/status-<settings>.json
                lists each case's state and error. Rerun the same command to resume: finished cases are kept.
                """ + ComputeOptions.USAGE;
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments args = commandLine.parse("pad-to-square");
        Path projectDir = args.path("project");
        Path modelDir = args.path("model");
        Path vicunaDir = args.path("vicuna", null);
        String methodList = args.get("methods", LogProbIncreaseMethod.ID + "," + AverageAttentionMethod.ID);
        String target = args.get("target", null);
        String heads = args.get("heads", "top1");
        int maxNew = args.integer("max-new-tokens", 12);
        boolean pad = args.flag("pad-to-square");
        String replacement = args.get("replacement", "zeros");
        int limit = args.integer("limit", 0);
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        if (limit < 0) {
            throw new UsageException("--limit must not be negative");
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
        try (AnnotationProject project = AnnotationProject.open(projectDir)) {
            project.recoveryNotes().forEach(console::warn);
            console.info("loading " + modelDir);
            try (LoadedModel model = compute.load(modelDir, console);
                    LoadedModel vicuna = vicunaDir == null ? null : compute.load(vicunaDir, console)) {
                BatchRun run = new BatchRun(project, model, vicuna, registry, settings);
                console.info("results: " + run.resultId() + (vicuna == null ? "" : " and " + run.textResultId())
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
        }
    }

    /** The progress line: done/total, rate and time left; failures as they happen. */
    private record Listener(Console console) implements BatchListener {

        @Override
        public void caseFinished(Outcome o, Progress p) {
            if (o.state() == State.FAILED) {
                console.warn(o.caseId() + " failed: " + o.error());
            }
            String task = p.casesPerSecond() > 0
                    ? String.format(Locale.ROOT, "batch  %.2f cases/s  ETA %s", p.casesPerSecond(), eta(p.etaSeconds()))
                    : "batch";
            console.progress(task, p.done(), p.total());
        }

        @Override
        public void warning(String message) {
            console.warn(message);
        }

        private static String eta(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
        }
    }
}
