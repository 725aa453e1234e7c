package org.llavalens.headless.commands;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.experiment.ColorQaCase;
import org.llavalens.analysis.experiment.ColorQaCases;
import org.llavalens.analysis.experiment.ColorQaExperiment;
import org.llavalens.analysis.experiment.ColorQaDatasets;
import org.llavalens.analysis.experiment.ColorQaFigures;
import org.llavalens.analysis.experiment.CocoColorSample;
import org.llavalens.analysis.experiment.ColorQaPrompts;
import org.llavalens.analysis.experiment.HeadChoice;
import org.llavalens.analysis.experiment.ColorQaReport;
import org.llavalens.analysis.experiment.ColorQaResult;
import org.llavalens.analysis.experiment.ColorQaRun;
import org.llavalens.analysis.explain.ColorQaRequest;
import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.client.HostBusyException;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.attribution.HeadId;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;

/** {@code ./llavalens experiment color-qa}: the paper's §3 analyses on a dataset of animal-color cases. */
public final class ExperimentCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            experiment: the paper's experiments (color-qa: Vicuna text QA vs LLaVA visual QA) as CSV, PNG and HTML
            usage:
              experiment color-qa (--project DIR | --cases FILE.jsonl | --images DIR --table FILE.csv) --model DIR
                  --vicuna DIR [--out DIR] [--top-heads N] [--top-positions N] [--heads top1|top-k] [--prompt-form
                  literal|chat] [--seed N] [--limit N]
              experiment color-qa (the cases as above) --server URL --token T --model ID --vicuna ID [the options
                  above]
              experiment color-qa-cases --instances FILE.json --captions FILE.json --images DIR --out FILE.jsonl
                  [--size N] [--seed N] [--min-area X] [--min-votes N]
            options:
              --project DIR          cases asking "What is the color of the [A]?" with the colour as expected answer
                                     (also --dir)
              --cases FILE.jsonl     instead: lines with animal, colour, and optionally image (relative to the file),
                                     other_animal, other_colour, id
              --model DIR|ID         the LLaVA model folder; with --server a model id of the host
              --vicuna DIR|ID        its text-only counterpart (Vicuna)
              --out DIR              the folder the tables, figures and report.html go to (default color-qa-report)
              --top-heads N          heads compared between settings and read at the colour position (default 10)
              --top-positions N      image positions read in visual QA (default 20)
              --images DIR           instead: a folder of images, with --table
              --table FILE.csv       the CSV for --images: columns image, animal, colour (optional other_animal, id)
              --heads top1|top-k     the "most important heads": the top head, or the top-k heads whose position
                                     scores are summed to rank image positions (default top-k)
              --prompt-form F        literal: the paper's sentences "[A] is [C]. Q: What is the color of [A]? A:"
                                     (default); chat: llava-1.5's USER/ASSISTANT template
              --seed N               seeds the random colour, random animal and random positions (default 0)
              --limit N              only the first N cases
              --instances FILE.json  color-qa-cases: COCO instance annotations
              --captions FILE.json   color-qa-cases: COCO captions
              --size N               color-qa-cases: cases sampled (default 1000)
              --min-area X           color-qa-cases: the animal's share of the image (default 0.05)
              --min-votes N          color-qa-cases: captions naming its colour (default 2)
            details:
              With --server every case is measured on that model host (both models there); the tables and
              figures are the ones a run here writes.
            """, ComputeOptions.OPTIONS, ExplainServices.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        List<String> rest = args.positionals();
        if (rest.size() != 1 || !List.of("color-qa", "color-qa-cases").contains(rest.get(0))) {
            throw new UsageException("name the experiment: color-qa or color-qa-cases");
        }
        if (rest.get(0).equals("color-qa-cases")) {
            sample(args, console);
            return;
        }
        Path projectDir = args.path("project", null);
        Path casesFile = args.path("cases", null);
        Path imagesDir = args.path("images", null);
        Path table = args.path("table", null);
        String model = args.require("model");
        String vicuna = args.require("vicuna");
        Path out = args.path("out", Path.of("color-qa-report"));
        int topHeads = args.integer("top-heads", 10);
        int topPositions = args.integer("top-positions", 20);
        int limit = args.integer("limit", 0);
        String heads = args.get("heads", HeadChoice.TOP_K.id());
        String form = args.get("prompt-form", ColorQaPrompts.Form.LITERAL.id());
        long seed = args.integer("seed", 0);
        ComputeOptions compute = ComputeOptions.read(args);
        RemoteExplainService host = ExplainServices.remote(args);
        args.requireAllUsed();
        if ((imagesDir == null) != (table == null)) {
            throw new UsageException("--images and --table go together");
        }
        if ((projectDir != null ? 1 : 0) + (casesFile != null ? 1 : 0) + (table != null ? 1 : 0) != 1) {
            throw new UsageException("give --project, --cases or --images with --table (one of them)");
        }
        ColorQaExperiment.Options options;
        try {
            options = new ColorQaExperiment.Options(topHeads, topPositions, HeadChoice.parse(heads),
                    ColorQaPrompts.Form.parse(form), seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        ColorQaCases.Loaded loaded;
        if (projectDir != null) {
            try (AnnotationProject project = AnnotationProject.open(projectDir)) {
                loaded = ColorQaCases.fromProject(project, seed);
            }
        } else if (casesFile != null) {
            loaded = ColorQaCases.fromJsonl(casesFile, seed);
        } else {
            loaded = ColorQaDatasets.fromImageTable(imagesDir, table, seed);
        }
        loaded.skipped().forEach(s -> console.warn("skipped " + s));
        List<ColorQaCase> cases = loaded.cases();
        if (limit > 0 && cases.size() > limit) {
            cases = cases.subList(0, limit);
        }
        if (cases.isEmpty()) {
            throw new IllegalStateException("no case names an animal and its colour");
        }
        ColorQaResult result;
        if (host != null) {
            console.info("measuring on " + host.server() + " with models " + model + " and " + vicuna);
            result = measure(host, model, vicuna, options, cases, console);
        } else {
            console.info("loading " + model + " and " + vicuna);
            try (LoadedModel llava = compute.load(Path.of(model), console);
                    LoadedModel text = compute.load(Path.of(vicuna), console);
                    LocalExplainService here = LocalExplainService.over(MethodRegistry.builtIns(), List.of(llava, text))) {
                result = measure(here, model, vicuna, options, cases, console);
            }
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
        console.printf("%-40s %10s %10s %6s", "quantity", "ours", "paper", "cases");
        for (ColorQaFigures.Figure f : ColorQaFigures.of(result)) {
            console.printf("%-40s %10.4g %10.4g %6d", f.name(), f.ours(), f.paper(), f.cases());
        }
        console.printf("time per case: %.2f s (%d cases)", result.meanSecondsPerCase(), result.cases().size());
        console.printf("report: %s", files.get("report").toAbsolutePath());
        if (!result.failures().isEmpty()) {
            throw new IllegalStateException(result.failures().size() + " case(s) failed (listed in the report)");
        }
    }

    /**
     * Every case through the service's color-QA measurement (here or on a model host: the same figures);
     * a case's own failure is listed, a host that went away ends the run.
     */
    private static ColorQaResult measure(ExplainService service, String llava, String vicuna,
            ColorQaExperiment.Options options, List<ColorQaCase> cases, Console console) throws Exception {
        kind(service, llava, ModelInfo.Kind.LLAVA, "is not a LLaVA model");
        kind(service, vicuna, ModelInfo.Kind.VICUNA, "is a LLaVA model, not a text-only one");
        int total = cases.size();
        int[] done = { 0 };
        try {
            return ColorQaRun.run(options, (c, m) -> service.colorQa(new ColorQaRequest(llava, vicuna, c, options), m),
                    cases, m -> {
                        done[0]++;
                        console.info(String.format(java.util.Locale.ROOT, "case %s: %.2f s", m.caseId(), m.seconds()));
                        console.progress("color-qa", done[0], total, "cases");
                    }, new org.eclipse.core.runtime.NullProgressMonitor() {
                        @Override
                        public boolean isCanceled() {
                            return super.isCanceled() || Thread.currentThread().isInterrupted();
                        }
                    });
        } catch (HostBusyException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void kind(ExplainService service, String model, ModelInfo.Kind kind, String otherwise)
            throws Exception {
        try {
            if (service.info(model).kind() != kind) {
                throw new UsageException(model + " " + otherwise);
            }
        } catch (ExplainException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code color-qa-cases}: the documented COCO sample, written as the JSON Lines {@code --cases} reads. */
    private static void sample(Arguments args, Console console) throws Exception {
        Path instances = args.path("instances");
        Path captions = args.path("captions");
        Path images = args.path("images");
        Path out = args.path("out");
        CocoColorSample.Filters paper = CocoColorSample.Filters.paper();
        int size = args.integer("size", paper.size());
        long seed = args.integer("seed", (int) paper.seed());
        double minArea = args.number("min-area", paper.minArea());
        int minVotes = args.integer("min-votes", paper.minVotes());
        args.requireAllUsed();
        CocoColorSample.Filters filters;
        try {
            filters = new CocoColorSample.Filters(size, seed, minArea, minVotes);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        CocoColorSample.Sample s = CocoColorSample.build(instances, captions, filters);
        CocoColorSample.writeJsonl(s, images, out);
        console.printf("%d of %d images qualify; %d sampled with seed %d (min area %.3f, min votes %d) into %s",
                s.qualifying(), s.images(), s.cases().size(), seed, minArea, minVotes, out.toAbsolutePath());
        if (s.cases().size() < size) {
            console.warn("fewer cases than --size " + size + ": only " + s.qualifying() + " images pass the filters");
        }
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
