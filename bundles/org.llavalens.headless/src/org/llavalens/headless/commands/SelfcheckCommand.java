package org.llavalens.headless.commands;

import java.util.Map;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.compute.Devices;
import org.llavalens.runtime.compute.Precision;
import org.llavalens.runtime.model.ReferenceCheck;

/**
 * {@code ./llavalens selfcheck}: the shipped Hugging Face reference case through the chosen device and
 * precision, its largest differences against transformers' float32 outputs, and PASS or FAIL (exit 0
 * or 1). What a user runs after installing, e.g. the cuda build on a GPU machine.
 */
public final class SelfcheckCommand implements Command {

    /** fp32 must match Hugging Face to float32 rounding. */
    static final double FP32_TOLERANCE = 1e-4;
    /** fp16 rounds every product to 11 significant bits; on the tiny reference model that stays below this. */
    static final double FP16_TOLERANCE = 5e-2;

    private static final CommandSpec SPEC = CommandSpec.parse("""
            selfcheck: run the shipped Hugging Face reference case on a device and precision: PASS or FAIL
            """);

    @Override
    public String usage() {
        return """
                usage: ./llavalens selfcheck [--device D] [--precision P]
                  Runs reference case a (a tiny LLaVA with transformers 4.45.1's float32 outputs) and prints the
                  largest |ours - Hugging Face| of the logits, the decoder's layer inputs and outputs and the
                  image features; PASS when the predicted token agrees and the largest difference is within
                  1e-4 (fp32) or 5e-2 (fp16).
                """ + ComputeOptions.USAGE;
    }

    @Override
    public void run(Arguments args, Console console) throws Exception {
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        ComputeSettings settings = compute.settings();
        Devices.resolve(settings.device());
        double tolerance = settings.precision() == Precision.FP32 ? FP32_TOLERANCE : FP16_TOLERANCE;
        ReferenceCheck.Outcome o = ReferenceCheck.run(ReferenceCases.folder(ReferenceCases.SELFCHECK), settings);
        console.printf("reference case %s (Hugging Face transformers 4.45.1, float32) on %s, %s", o.fixture(),
                settings.device(), settings.precision());
        for (Map.Entry<String, Double> e : o.maxAbsDiff().entrySet()) {
            console.printf("  max |ours - HF| %-15s %.3e", e.getKey(), e.getValue());
        }
        console.printf("  predicted token %d, Hugging Face's %d", o.argmax(), o.referenceArgmax());
        boolean pass = o.passes(tolerance);
        console.printf("%s: largest difference %.3e (tolerance %.0e for %s)", pass ? "PASS" : "FAIL", o.largest(),
                tolerance, settings.precision());
        if (!pass) {
            throw new SelfcheckFailed("selfcheck failed on " + settings);
        }
    }

    /** A failed check: exit 1 with its one line, after the figures were printed. */
    static final class SelfcheckFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SelfcheckFailed(String message) {
            super(message);
        }
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
