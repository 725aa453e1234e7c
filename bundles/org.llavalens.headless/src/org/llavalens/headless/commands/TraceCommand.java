package org.llavalens.headless.commands;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.headless.cli.Arguments;
import org.llavalens.attribution.AttributionArrays;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.StagedFolder;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.image.ImageLimits;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.PreparedInput;
import org.llavalens.runtime.model.TraceExport;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/** {@code ./llavalens trace}: one forward pass, its internals written as NumPy files. */
public final class TraceCommand implements Command {

    // the example's $'...' is bash's: the \n in it become the line breaks LLaVA's prompt has
    private static final CommandSpec SPEC = CommandSpec.parse("""
            trace: run one forward pass and write its trace as .npy files + trace.json
            usage:
              trace --model DIR [--image FILE [--pad-to-square] | --pixel-values NPY] (--prompt TEXT | --input-ids
                  NPY) [--target ID] [--all-logits] --out DIR
            options:
              --model DIR         a Hugging Face folder (llava-1.5-*-hf, or LLaMA/Vicuna for text only)
              --image FILE        the picture (LLaVA only), preprocessed as the folder's CLIPImageProcessor
              --pad-to-square     pad the picture like the original LLaVA repo instead of cropping
              --pixel-values NPY  float32 [1, 3, S, S] as CLIPImageProcessor makes them, instead of --image
              --prompt TEXT       the whole prompt, line breaks included (tokenized with tokenizer.json)
              --input-ids NPY     int64 [1, T] or [T] instead of --prompt; one <image> id or an expanded run
              --target ID         the token whose log-probability is explained (default: the argmax)
              --all-logits        also write logits_all.npy, float32 [T, V]: the logits at every position (77 MB for
                                  600 tokens of llava-1.5-7b)
              --out DIR           the folder the .npy files and trace.json go to
            details:
              Writes pixel_values, logits_last, logprobs_last, attn_last, head_out_last, attn_out_last,
              layer_in_last, layer_out_last, mlp_out_last, image_features (.npy) and trace.json into --out.
            examples:
              trace --model llava-1.5-7b-hf --image dog.jpg --prompt $'USER: <image>\\nWhat is the color of the
                  dog?\\nASSISTANT: The color of the dog is' --out trace/
            """, ComputeOptions.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        Path modelDir = args.path("model");
        Path out = args.path("out");
        Path idsFile = args.path("input-ids", null);
        String prompt = args.get("prompt", null);
        Path pixelsFile = args.path("pixel-values", null);
        Path imageFile = args.path("image", null);
        boolean padToSquare = args.flag("pad-to-square");
        boolean allLogits = args.flag("all-logits");
        String targetText = args.get("target", null);
        ComputeOptions compute = ComputeOptions.read(args);
        args.requireAllUsed();
        if ((idsFile == null) == (prompt == null)) {
            throw new UsageException("give exactly one of --prompt and --input-ids");
        }
        if (imageFile != null && pixelsFile != null) {
            throw new UsageException("give at most one of --image and --pixel-values");
        }
        if (padToSquare && imageFile == null) {
            throw new UsageException("--pad-to-square applies to --image only");
        }
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        Integer target = null;
        if (targetText != null) {
            try {
                target = Integer.valueOf(targetText.trim());
            } catch (NumberFormatException e) {
                throw new UsageException("option --target takes a token id, not '" + targetText + "'");
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        int[] ids = idsFile == null ? null : toInts(NpyArray.read(idsFile).longs(), idsFile);
        float[] pixels = pixelsFile == null ? null : NpyArray.read(pixelsFile).floats();
        if (pixels != null) {
            ImageLimits.requireFinite(pixels, pixelsFile.toString());
        }

        console.info("loading " + modelDir);
        long start = System.nanoTime();
        try (LoadedModel model = compute.load(modelDir, console)) {
            double loadMillis = (System.nanoTime() - start) / 1e6;
            PreparedInput input;
            if (prompt != null) {
                input = pixels != null ? model.prepare(pixels, model.encode(prompt))
                        : model.prepare(imageFile, prompt, padToSquare);
            } else {
                input = imageFile != null ? model.prepare(model.preprocess(imageFile, padToSquare), ids)
                        : model.prepare(pixels, ids);
            }
            // ATTRIBUTION capture: the scores written beside the trace need the value vectors.
            CaptureSpec spec = allLogits ? CaptureSpec.ATTRIBUTION.withAllLogits() : CaptureSpec.ATTRIBUTION;
            ForwardTrace trace = model.forward(input, spec, new ConsoleMonitor(console, "forward"));
            int vocab = trace.model().vocabSize();
            int b = target != null ? target : TraceExport.argmax(trace.logits());
            if (b < 0 || b >= vocab) {
                throw new UsageException("--target " + b + " is outside the vocabulary [0, " + vocab + ")");
            }
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("model_folder", modelDir.toAbsolutePath().toString());
            extra.put("model_type", model.config().modelType());
            extra.put("load_ms", loadMillis);
            Map<String, Object> inputs = new LinkedHashMap<>();
            inputs.put("input_ids", idsFile == null ? null : idsFile.toString());
            inputs.put("prompt", prompt);
            inputs.put("pixel_values", pixelsFile == null ? null : pixelsFile.toString());
            inputs.put("image", imageFile == null ? null : imageFile.toString());
            inputs.put("pad_to_square", padToSquare);
            input.crop().ifPresent(c -> inputs.put("crop", c));
            extra.put("inputs", inputs);
            // written into a folder beside --out and moved into place once complete: a failure leaves nothing
            List<Path> files = new java.util.ArrayList<>();
            try (StagedFolder staged = StagedFolder.beside(out)) {
                files.addAll(TraceExport.write(staged.path(), trace, input.pixelValues().orElse(null), b, extra,
                        allLogits));
                files.addAll(AttributionArrays.writeAll(trace, b, staged.path()).values());
                staged.commit();
            }
            console.printf("target token %d (log p = %.6f), %d positions%s; wrote %d files to %s", b,
                    trace.logits()[b] - TraceExport.logSumExp(trace.logits()), trace.sequenceLength(),
                    trace.imageSpan().map(s -> ", image at [" + s.start() + ", " + s.end() + ")").orElse(""),
                    files.size(), out);
        }
    }

    private static int[] toInts(long[] values, Path file) throws UsageException {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            if (values[i] < Integer.MIN_VALUE || values[i] > Integer.MAX_VALUE) {
                throw new UsageException(file + ": id " + values[i] + " at position " + i + " is not a token id");
            }
            out[i] = (int) values[i];
        }
        return out;
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
