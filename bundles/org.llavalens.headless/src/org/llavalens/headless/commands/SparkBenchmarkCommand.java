package org.llavalens.headless.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.demo.scene.Scene;
import org.llavalens.demo.scene.SceneIndex;
import org.llavalens.demo.scene.SceneQuestions;
import org.llavalens.demo.scene.SceneWriter;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

/**
 * {@code ./llavalens benchmark spark}: a project of the demo scenes, batched on this machine and on
 * Spark ({@code local[1]}, {@code local[2]}) by the job jar's benchmark, interleaved; cases per minute
 * and the Spark runs' time as ratios to the single-machine batch's.
 */
final class SparkBenchmarkCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            benchmark spark: cases/min of the batch on this machine and on Spark local[1], local[2]; Spark's cost as ratios
            usage:
              benchmark spark [--demo DIR] [--cases N] [--rounds R] [--tmp DIR] [--json]
            options:
              --demo DIR  the generated demo (llava/ and scenes/; default models/demo)
              --cases N   demo scenes batched per run (default 4)
              --rounds R  interleaved rounds after the warm-up (default 3)
              --tmp DIR   an existing folder for the benchmark's project (default: the system temp folder)
              --json      print the result as one JSON object on stdout instead of text
            """);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        Path demo = args.path("demo", GenerateDemoCommand.defaultFolder());
        int cases = args.integer("cases", 4);
        int rounds = args.integer("rounds", 3);
        Path tmpBase = args.existingFolder("tmp", Path.of(System.getProperty("java.io.tmpdir")));
        boolean json = args.flag("json");
        args.requireAllUsed();
        if (cases < 1 || rounds < 1) {
            throw new UsageException("--cases and --rounds must be positive");
        }
        if (demo == null || !Files.isRegularFile(demo.resolve("scenes").resolve(SceneWriter.INDEX))) {
            throw new UsageException("no demo at " + demo + " (./llavalens generate-demo)");
        }
        Path project = demoProject(demo, cases, Files.createTempDirectory(tmpBase, "llavalens-spark-bench"));
        BatchSettings settings = new BatchSettings(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID), null,
                "top1", 3, false, Map.of());
        BatchJobSpec spec = new BatchJobSpec(project.toString(), demo.resolve("llava").toAbsolutePath().toString(),
                null, settings, 0, "cpu", "fp32", 120, null, BatchJobSpec.DEFAULT_MAX_FAILURES);
        List<String> jobArgs = new ArrayList<>(spec.toArgs());
        jobArgs.addAll(List.of("--rounds", Integer.toString(rounds)));
        if (json) {
            jobArgs.add("--json");
        }
        int exit = SparkDriver.run("org.llavalens.spark.SparkBenchmarkMain", jobArgs, Runtime.getRuntime().maxMemory(),
                console);
        if (exit != 0) {
            throw new IllegalStateException("the Spark benchmark ended with exit code " + exit);
        }
    }

    /** A project asking about the first animal of each of the first {@code cases} demo scenes. */
    private static Path demoProject(Path demo, int cases, Path dir) throws Exception {
        Path scenes = demo.resolve("scenes");
        List<Scene> all = SceneIndex.read(scenes.resolve(SceneWriter.INDEX));
        List<String> lines = SceneQuestions.jsonLines(all.subList(0, Math.min(cases, all.size())), false);
        Path questions = dir.resolve("questions.jsonl");
        Files.write(questions, lines, StandardCharsets.UTF_8);
        Path projectDir = dir.resolve("project");
        try (AnnotationProject p = AnnotationProject.create(projectDir, "spark benchmark")) {
            QuestionImporter.run(p, scenes, questions,
                    new QuestionImporter.Options("demo", "demo scenes", QuestionImporter.Format.JSONL, false), null);
            p.save();
        }
        return projectDir;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
