package org.llavalens.headless.commands;

import org.llavalens.attribution.HeadAggregation;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/**
 * {@code ./llavalens demo}: the README's first command. Makes sure the embedded demo model exists
 * (generating it if the build did not), then explains a demo scene's question as {@code analyze} does,
 * so a new user sees the whole method end to end: the answer, the top heads, the heatmaps and the
 * report.
 */
public final class DemoCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            demo: analyse a scene with the embedded demo model and write a report
            usage:
              demo [--scene N] [--animal K] [--demo DIR] [--out DIR] [--methods ID,...]
            options:
              --scene N         the demo scene (default 0)
              --animal K        ask the colour of the scene's K-th animal (default 0)
              --demo DIR        the demo model folder, generated if missing (default models/demo)
              --out DIR         the report folder (default DIR/report)
              --methods ID,...  attribution methods (see ./llavalens methods)
            details:
              Runs `analyze` with the demo LLaVA on a demo scene, asking the colour of one of its animals.
            """, ComputeOptions.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        Path demo = args.path("demo", GenerateDemoCommand.defaultFolder());
        int scene = args.integer("scene", 0);
        int animal = args.integer("animal", 0);
        String methods = args.get("methods", null);
        Path out = args.path("out", null);
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        if (demo == null) {
            throw new UsageException("give --demo DIR (no LLaVA Lens folder is known: run through ./llavalens)");
        }
        if (scene < 0 || animal < 0) {
            throw new UsageException("--scene and --animal are not negative");
        }
        DemoGenerator.Outcome outcome = new DemoGenerator().generate(demo, DemoOptions.defaults(),
                new ConsoleMonitor(console, "generating the demo model"));
        if (outcome == DemoGenerator.Outcome.WRITTEN) {
            console.info("demo model generated in " + demo);
        }
        Path index = demo.resolve("scenes").resolve(SceneWriter.INDEX);
        if (!Files.isRegularFile(index)) {
            throw new IllegalStateException("the demo folder has no " + index.getFileName()
                    + ": regenerate it with ./llavalens generate-demo");
        }
        List<Scene> scenes = SceneIndex.read(index);
        if (scene >= scenes.size()) {
            throw new UsageException("the demo has " + scenes.size() + " scenes (--scene 0.." + (scenes.size() - 1) + ")");
        }
        Scene s = scenes.get(scene);
        if (animal >= s.animals().size()) {
            throw new UsageException("scene " + scene + " has " + s.animals().size() + " animals (--animal 0.."
                    + (s.animals().size() - 1) + ")");
        }
        Animal asked = s.animals().get(animal);
        Path image = demo.resolve("scenes").resolve(s.fileName());
        console.printf("demo scene %d: %s; question: %s (expected: %s)", scene, image.getFileName(), asked.question(),
                asked.answer());

        MethodRegistry registry = MethodRegistry.fromPlatform();
        registry.problems().forEach(console::warn);
        List<String> ids = MethodList.parse(registry,
                methods != null ? methods : LogProbIncreaseMethod.ID + "," + AverageAttentionMethod.ID);
        // the demo model knows the next word only (no end-of-answer token): one word is its answer
        AttributionSettings attribution = new AttributionSettings(
                new MethodSelection(ids, Map.of(CausalAblationMethod.REPLACEMENT, "zeros")), HeadAggregation.TOP1,
                new HeatmapStyle(Colormap.HOT, ScoreNormalization.MIN_MAX, 0.6, false), TokenTableChoices.LAST_POSITION);
        AnalyzerSettings settings = new AnalyzerSettings(attribution, 1, false, CaptureSpec.MINIMAL);
        AnalyzeCommand.explain(demo.resolve("llava"), new CaseQuestion(image, null, "", asked.question(),
                asked.answerPrefix(), null), settings, registry, 10, out != null ? out : demo.resolve("report"),
                compute, console);
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
