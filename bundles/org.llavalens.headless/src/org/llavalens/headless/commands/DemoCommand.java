package org.llavalens.headless.commands;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandLine;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code ./llavalens demo}: the README's first command. Makes sure the embedded demo model exists
 * (generating it if the build did not), then runs {@code analyze} on a demo scene and its question,
 * so a new user sees the whole method end to end: the answer, the top heads, the heatmaps and the
 * report.
 */
public final class DemoCommand implements Command {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public String summary() {
        return "analyse a scene with the embedded demo model and write a report";
    }

    @Override
    public String usage() {
        return """
                usage: ./llavalens demo [--scene N] [--animal K] [--demo DIR] [--out DIR] [--methods ID,...]
                  Runs `analyze` with the demo LLaVA on demo scene N (default 0), asking the colour of its
                  K-th animal (default 0). The demo model is generated into DIR (default models/demo) if it
                  is not there. The report goes to --out (default DIR/report).""";
    }

    @Override
    public void run(CommandLine commandLine, Console console) throws Exception {
        Arguments args = commandLine.parse();
        Path demo = args.path("demo", GenerateDemoCommand.defaultFolder());
        int scene = args.integer("scene", 0);
        int animal = args.integer("animal", 0);
        String methods = args.get("methods", null);
        Path out = args.path("out", null);
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
        JsonObject sceneJson = scene(demo.resolve("scenes/scenes.jsonl"), scene);
        var animals = sceneJson.getAsJsonArray("animals");
        if (animal >= animals.size()) {
            throw new UsageException("scene " + scene + " has " + animals.size() + " animals (--animal 0.." + (animals.size() - 1) + ")");
        }
        JsonObject asked = animals.get(animal).getAsJsonObject();
        Path image = demo.resolve("scenes").resolve(sceneJson.get("file").getAsString());
        console.printf("demo scene %d: %s; question: %s (expected: %s)", scene, image.getFileName(),
                asked.get("question").getAsString(), asked.get("answer").getAsString());

        List<String> analyze = new ArrayList<>(List.of("--model", demo.resolve("llava").toString(),
                "--image", image.toString(),
                "--question", asked.get("question").getAsString(),
                "--answer-prefix", asked.get("answer_prefix").getAsString(),
                "--colormap", "hot",
                // the demo model knows the next word only (no end-of-answer token): one word is its answer
                "--max-new-tokens", "1",
                "--out", (out != null ? out : demo.resolve("report")).toString()));
        if (methods != null) {
            analyze.add("--methods");
            analyze.add(methods);
        }
        new AnalyzeCommand().run(new CommandLine(analyze), console);
    }

    private static JsonObject scene(Path scenesFile, int index) throws Exception {
        if (!Files.isRegularFile(scenesFile)) {
            throw new IllegalStateException("the demo folder has no " + scenesFile.getFileName()
                    + ": regenerate it with ./llavalens generate-demo");
        }
        try (BufferedReader reader = Files.newBufferedReader(scenesFile, StandardCharsets.UTF_8)) {
            String line;
            int i = 0;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (i++ == index) {
                    return JsonParser.parseString(line).getAsJsonObject();
                }
            }
            throw new UsageException("the demo has " + i + " scenes (--scene 0.." + (i - 1) + ")");
        }
    }
}
