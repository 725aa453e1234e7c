package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.llavalens.analysis.reference.BrownDogFigures;
import org.llavalens.analysis.reference.BrownDogReference;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;

/**
 * {@code ./llavalens reference brown-dog}: the authors' notebook case on the user's model and image, each
 * published figure beside ours with pass or fail; exit 0 only when every figure is reproduced.
 */
public final class ReferenceCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            reference: check this installation against the paper's published figures (brown-dog)
            usage:
              reference brown-dog --model DIR --image FILE
            options:
              --model DIR   llava-1.5-7b-hf (the published figures are for it, in fp32)
              --image FILE  COCO val2017 %s (a dog and a cat on a sofa)
            details:
              Runs "%s" with the answer prefix "%s" and prints each figure of the
              authors' notebook beside ours: image span [%d, %d), top-10 next-token ids (exact), top-10 heads
              in order (|dS| <= %s), head %s's top-3 positions (S within %s, attention within %s) and the
              top logit-lens and value-output tokens there. Exit 0 only when all pass.
            """.formatted(BrownDogFigures.IMAGE_NAME, BrownDogFigures.QUESTION, BrownDogFigures.ANSWER_PREFIX,
            BrownDogFigures.SPAN_START, BrownDogFigures.SPAN_END, BrownDogFigures.HEAD_SCORE_TOLERANCE,
            BrownDogFigures.TOP_HEAD, BrownDogFigures.POSITION_SCORE_TOLERANCE, BrownDogFigures.ATTENTION_TOLERANCE));

    @Override
    public void run(Arguments args, Console console) throws Exception {
        Path modelDir = args.path("model");
        Path image = args.path("image");
        args.requireAllUsed();
        List<String> rest = args.positionals();
        if (rest.size() != 1 || !rest.get(0).equals("brown-dog")) {
            throw new UsageException("name the reference case: brown-dog");
        }
        // as analyze does for a model folder that is not there: a failure (exit 1) in one line, before any loading
        if (!Files.isDirectory(modelDir)) {
            throw new IllegalArgumentException(modelDir + ": not a model folder");
        }
        if (!Files.isRegularFile(image)) {
            throw new IllegalArgumentException(image + ": no such image file");
        }
        console.info("loading " + modelDir);
        BrownDogReference.Outcome outcome;
        try (LoadedModel model = ModelLoader.load(modelDir)) {
            outcome = BrownDogReference.run(model, image, null);
        }
        console.printf("%-58s %-34s %-34s %s", "figure", "published", "ours", "");
        for (BrownDogReference.Check c : outcome.checks()) {
            console.printf("%-58s %-34s %-34s %s", c.figure(), c.published(), c.ours(), c.pass() ? "pass" : "FAIL");
        }
        if (!outcome.allPass()) {
            throw new IllegalStateException(outcome.failed() + " of " + outcome.checks().size()
                    + " published figures differ from ours (they hold for llava-1.5-7b-hf in fp32 on "
                    + BrownDogFigures.IMAGE_NAME + ")");
        }
        console.printf("all %d published figures reproduced", outcome.checks().size());
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
