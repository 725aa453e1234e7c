package org.llavalens.headless.commands;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.TraceFiles;
import org.llavalens.analysis.explain.TraceRequest;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.client.HostBusyException;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.StagedFolder;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.image.ImageLimits;
import org.llavalens.runtime.io.NpyArray;
import org.llavalens.runtime.model.LoadedModel;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * {@code ./llavalens trace}: one forward pass, its internals written as NumPy files. The pass is the
 * explained-case service's ({@link TraceRequest}): run here on a model folder, or with {@code --server}
 * on a model host, which sends the same files back.
 */
public final class TraceCommand implements Command {

    private static final String TRACE_JSON = "trace.json";

    // the example's $'...' is bash's: the \n in it become the line breaks LLaVA's prompt has
    private static final CommandSpec SPEC = CommandSpec.parse("""
            trace: run one forward pass and write its trace as .npy files + trace.json
            usage:
              trace --model DIR [--image FILE [--pad-to-square] | --pixel-values NPY] (--prompt TEXT | --input-ids
                  NPY) [--target ID] [--all-logits] --out DIR
              trace --server URL --token T --model ID [--image FILE [--pad-to-square]] --prompt TEXT [--target ID]
                  [--all-logits] --out DIR
            options:
              --model DIR|ID      a Hugging Face folder (llava-1.5-*-hf, or LLaMA/Vicuna for text only); with --server
                                  a model id of the host
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
              With --server the pass runs on that model host and the same files come back (trace.json names
              the host and model id instead of the folder); the host takes a picture file and a prompt.
            examples:
              trace --model llava-1.5-7b-hf --image dog.jpg --prompt $'USER: <image>\\nWhat is the color of the
                  dog?\\nASSISTANT: The color of the dog is' --out trace/
            """, ComputeOptions.OPTIONS, ExplainServices.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        String model = args.require("model");
        Path out = args.path("out");
        Path idsFile = args.path("input-ids", null);
        String prompt = args.get("prompt", null);
        if ((idsFile == null) == (prompt == null)) {
            throw new UsageException("give exactly one of --prompt and --input-ids");
        }
        Path pixelsFile = args.path("pixel-values", null);
        Path imageFile = args.path("image", null);
        if (imageFile != null && pixelsFile != null) {
            throw new UsageException("give at most one of --image and --pixel-values");
        }
        boolean padToSquare = args.flag("pad-to-square");
        boolean allLogits = args.flag("all-logits");
        Integer target = tokenId(args.get("target", null));
        ComputeOptions compute = ComputeOptions.read(args);
        RemoteExplainService host = ExplainServices.remote(args);
        args.requireAllUsed();
        if (padToSquare && imageFile == null) {
            throw new UsageException("--pad-to-square applies to --image only");
        }
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        if (host != null && (idsFile != null || pixelsFile != null)) {
            throw new UsageException("a model host traces a picture file and a prompt: --input-ids and --pixel-values "
                    + "need a model folder here");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        int[] ids = idsFile == null ? null : toInts(NpyArray.read(idsFile).longs(), idsFile);
        float[] pixels = pixelsFile == null ? null : NpyArray.read(pixelsFile).floats();
        if (pixels != null) {
            ImageLimits.requireFinite(pixels, pixelsFile.toString());
        }
        TraceRequest request = new TraceRequest(model, imageFile, pixels, prompt, ids, padToSquare, target, allLogits);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("input_ids", idsFile == null ? null : idsFile.toString());
        inputs.put("pixel_values", pixelsFile == null ? null : pixelsFile.toString());
        inputs.put("image", imageFile == null ? null : imageFile.toString());
        Map<String, Object> where = new LinkedHashMap<>();
        TraceFiles trace;
        try {
            if (host != null) {
                console.info("tracing on " + host.server() + " with model " + model);
                where.put("model_host", host.server());
                where.put("model_id", model);
                trace = host.trace(request, new ConsoleMonitor(console, "forward"));
            } else {
                trace = traceHere(request, compute, console, where);
            }
        } catch (ExplainException | HostBusyException e) {
            throw new UsageException(e.getMessage());
        }
        // written into a folder beside --out and moved into place once complete: a failure leaves nothing
        try (StagedFolder staged = StagedFolder.beside(out)) {
            for (Map.Entry<String, byte[]> f : trace.files().entrySet()) {
                byte[] bytes = f.getKey().equals(TRACE_JSON) ? describe(f.getValue(), where, inputs) : f.getValue();
                Files.write(staged.path().resolve(f.getKey()), bytes);
            }
            staged.commit();
        }
        console.printf("target token %d (log p = %.6f), %d positions%s; wrote %d files to %s", trace.target(),
                trace.logProb(), trace.positions(), trace.imageSpan() == null ? ""
                        : ", image at [" + trace.imageSpan().start() + ", " + trace.imageSpan().end() + ")",
                trace.files().size(), out);
    }

    /** The pass on the model folder {@code request} names, loaded here; {@code where} gets the folder and load time. */
    private static TraceFiles traceHere(TraceRequest request, ComputeOptions compute, Console console,
            Map<String, Object> where) throws Exception {
        Path modelDir = Path.of(request.model());
        console.info("loading " + modelDir);
        long start = System.nanoTime();
        try (LoadedModel model = compute.load(modelDir, console);
                LocalExplainService service = LocalExplainService.over(MethodRegistry.builtIns(), List.of(model))) {
            where.put("model_folder", modelDir.toAbsolutePath().toString());
            where.put("load_ms", (System.nanoTime() - start) / 1e6);
            return service.trace(request, new ConsoleMonitor(console, "forward"));
        }
    }

    /**
     * trace.json with where the model ran and the input files named as given here (the service knows the
     * prompt, not the caller's file names), in the order the keys always had.
     */
    private static byte[] describe(byte[] traceJson, Map<String, Object> where, Map<String, Object> files) {
        Gson gson = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
        JsonObject json = JsonParser.parseString(new String(traceJson, StandardCharsets.UTF_8)).getAsJsonObject();
        JsonElement modelType = json.remove("model_type");
        JsonObject fromService = json.remove("inputs").getAsJsonObject();
        where.forEach((k, v) -> json.add(k, gson.toJsonTree(v)));
        json.add("model_type", modelType);
        JsonObject inputs = new JsonObject();
        inputs.add("input_ids", gson.toJsonTree(files.get("input_ids")));
        inputs.add("prompt", fromService.get("prompt"));
        inputs.add("pixel_values", gson.toJsonTree(files.get("pixel_values")));
        inputs.add("image", gson.toJsonTree(files.get("image")));
        fromService.entrySet().stream().filter(e -> !e.getKey().equals("prompt"))
                .forEach(e -> inputs.add(e.getKey(), e.getValue()));
        json.add("inputs", inputs);
        return (gson.toJson(json) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static Integer tokenId(String text) throws UsageException {
        if (text == null) {
            return null;
        }
        try {
            return Integer.valueOf(text.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --target takes a token id, not '" + text + "'");
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
