package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.experiment.ColorQaCase;
import org.llavalens.analysis.experiment.ColorQaCases;
import org.llavalens.analysis.experiment.ColorQaExperiment;
import org.llavalens.analysis.experiment.ColorQaReport;
import org.llavalens.analysis.experiment.ColorQaResult;
import org.llavalens.analysis.experiment.ColorQaRun;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.HeadId;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;

/** {@code ./llavalens experiment color-qa}: the paper's §3 analyses on a dataset of animal-colour cases. */
public final class ExperimentCommand implements Command {

    @Override
    public String name() {
        return "experiment";
    }

    @Override
    public String summary() {
        return "the paper's experiments (color-qa: Vicuna text QA vs LLaVA visual QA) as CSV, PNG and HTML";
    }

    @Override
    public String usage() {
        return """
                usage: ./llavalens experiment color-qa (--project DIR | --cases FILE.jsonl) --model DIR --vicuna DIR
                         [--out DIR] [--top-heads N] [--top-positions N] [--limit N]
                  --project DIR        cases asking "What is the color of the [A]?" with the colour as expected answer
                  --cases FILE.jsonl   instead: lines with animal, colour, and optionally image (relative to the
                                       file), other_animal, other_colour, id
                  --model DIR          the LLaVA model folder
                  --vicuna DIR         its text-only counterpart (Vicuna)
                  --out DIR            where the tables, figures and report.html go (default color-qa-report)
                  --top-heads N        heads compared between settings and read at the colour position (default 10)
                  --top-positions N    image positions read in visual QA (default 20)
                  --limit N            only the first N cases
                """ + ComputeOptions.USAGE;
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments args = commandLine.parse();
        Path projectDir = args.path("project", null);
        Path casesFile = args.path("cases", null);
        Path modelDir = args.path("model");
        Path vicunaDir = args.path("vicuna");
        Path out = args.path("out", Path.of("color-qa-report"));
        int topHeads = args.integer("top-heads", 10);
        int topPositions = args.integer("top-positions", 20);
        int limit = args.integer("limit", 0);
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        List<String> rest = args.positionals();
        if (rest.isEmpty() || !rest.get(0).equals("color-qa") || rest.size() > 1) {
            throw new UsageException("name the experiment: color-qa");
        }
        if ((projectDir == null) == (casesFile == null)) {
            throw new UsageException("give --project or --cases (one of them)");
        }
        ColorQaExperiment.Options options;
        try {
            options = new ColorQaExperiment.Options(topHeads, topPositions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ColorQaCases.Loaded loaded;
        if (projectDir != null) {
            try (AnnotationProject project = AnnotationProject.open(projectDir)) {
                loaded = ColorQaCases.fromProject(project);
            }
        } else {
            loaded = ColorQaCases.fromJsonl(casesFile);
        }
        loaded.skipped().forEach(s -> console.warn("skipped " + s));
        List<ColorQaCase> cases = loaded.cases();
        if (limit > 0 && cases.size() > limit) {
            cases = cases.subList(0, limit);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no case names an animal and its colour");
        }
        console.info("loading " + modelDir + " and " + vicunaDir);
        ColorQaResult result;
        try (LoadedModel llava = compute.load(modelDir, console); LoadedModel vicuna = compute.load(vicunaDir, console)) {
            ColorQaExperiment experiment;
            try {
                experiment = new ColorQaExperiment(llava, vicuna, options);
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            int total = cases.size();
            int[] done = { 0 };
            result = ColorQaRun.run(experiment, cases, m -> {
                done[0]++;
                console.info(String.format(java.util.Locale.ROOT, "case %s: %.2f s", m.caseId(), m.seconds()));
                console.progress("color-qa", done[0], total);
            }, new org.eclipse.core.runtime.NullProgressMonitor() {
                @Override
                public boolean isCanceled() {
                    return super.isCanceled() || Thread.currentThread().isInterrupted();
                }
            });
        }
        result.failures().forEach(f -> console.warn("failed " + f));
        Map<String, Path> files = ColorQaReport.write(result, "Colour QA: Vicuna text QA vs LLaVA visual QA", out);
        for (String s : result.settings()) {
            List<HeadId> top = result.top(s);
            console.printf("%-10s top heads: %s", s, String.join(" ", top.stream().map(HeadId::toString).toList()));
        }
        List<String> settings = List.copyOf(result.settings());
        for (int i = 0; i < settings.size(); i++) {
            for (int j = i + 1; j < settings.size(); j++) {
                console.printf("shared top-%d heads %s / %s: %d", result.topHeadCount(), settings.get(i), settings.get(j),
                        result.overlap(settings.get(i), settings.get(j)).size());
            }
        }
        for (String n : result.measureNames()) {
            console.printf("%-42s %.4f", n, result.mean(n));
        }
        console.printf("time per case: %.2f s (%d cases)", result.meanSecondsPerCase(), result.cases().size());
        console.printf("report: %s", files.get("report").toAbsolutePath());
        if (!result.failures().isEmpty()) {
            throw new IllegalStateException(result.failures().size() + " case(s) failed (listed in the report)");
        }
    }
}
