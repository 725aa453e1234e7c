package org.llavalens.headless.commands;

import java.nio.file.Path;

import org.llavalens.demo.DemoGenerator;
import org.llavalens.demo.DemoOptions;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.io.DType;

/** {@code ./llavalens generate-demo}: writes the planted-mechanism demo models and scenes. */
public final class GenerateDemoCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            generate-demo: generate the demo LLaVA, its Vicuna counterpart and scenes (deterministic)
            usage:
              generate-demo [--out DIR] [--scenes N] [--seed S] [--dtype f32|f16|bf16]
            options:
              --out DIR             the folder (default models/demo in the LLaVA Lens folder)
              --scenes N            how many scenes (default %d)
              --seed S              picks the scenes (default %d)
              --dtype f32|f16|bf16  the weights' type (default f32)
            details:
              Writes DIR/llava, DIR/vicuna (Hugging Face layout) and DIR/scenes (PNGs + scenes.jsonl).
              The weights are fixed by the generator version. Does nothing if DIR already holds the same
              generation.
            """.formatted(DemoOptions.DEFAULT_SCENES, DemoOptions.DEFAULT_SEED));

    @Override
    public void run(Arguments a, Console console) throws Exception {
        Path out = a.path("out", defaultFolder());
        if (out == null) {
            throw new UsageException("missing required option --out (no LLaVA Lens home folder is known)");
        }
        int scenes = a.integer("scenes", DemoOptions.DEFAULT_SCENES);
        String seedText = a.get("seed", Long.toString(DemoOptions.DEFAULT_SEED));
        String dtypeText = a.get("dtype", "f32");
        a.requireAllUsed();
        if (!a.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + a.positionals().get(0) + "'");
        }
        if (scenes < 0) {
            throw new UsageException("--scenes must not be negative");
        }
        long seed;
        try {
            seed = Long.parseLong(seedText.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --seed takes a whole number, not '" + seedText + "'");
        }
        DType dtype;
        try {
            dtype = DemoOptions.parseDType(dtypeText);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        DemoOptions options = DemoOptions.defaults().withScenes(scenes).withSeed(seed).withDType(dtype);
        DemoGenerator.Outcome outcome = new DemoGenerator().generate(out, options, new ConsoleMonitor(console));
        String where = out.toAbsolutePath().normalize().toString();
        console.println(outcome == DemoGenerator.Outcome.UP_TO_DATE
                ? "demo model already up to date in " + where
                : "demo model written to " + where + " (" + scenes + " scenes, " + dtype + ")");
    }

    /** models/demo under the folder the launcher names in {@code llavalens.home}, if it does. */
    static Path defaultFolder() {
        String home = System.getProperty("llavalens.home");
        return home == null || home.isBlank() ? null : Path.of(home).resolve(DemoGenerator.DEFAULT_FOLDER);
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
