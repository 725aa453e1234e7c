package org.llavalens.headless.commands;

import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.llavalens.analysis.explain.ExplainException;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainedCase;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.client.HostBusyException;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreNormalization;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.CausalAblationMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.Colormap;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.render.Interpolation;
import org.llavalens.attribution.report.ReportWriter;
import org.llavalens.attribution.report.TablePosition;
import org.llavalens.attribution.report.TokenTables;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.TokenRow;
import org.llavalens.headless.cli.Arguments;
import org.llavalens.headless.cli.Command;
import org.llavalens.headless.cli.CommandSpec;
import org.llavalens.headless.cli.Console;
import org.llavalens.headless.cli.UsageException;
import org.llavalens.runtime.model.LoadedModel;

/**
 * {@code ./llavalens analyze}: one question about one image, explained. Runs the forward pass with
 * attribution capture, the greedy answer, the chosen attribution methods, and writes the result
 * folder (report.html, PNGs, CSVs, result.json). The work is the explained-case service (local, or a
 * model host's with {@code --server}): the one path the batch and the workbench take too.
 */
public final class AnalyzeCommand implements Command {

    private static final CommandSpec SPEC = CommandSpec.parse("""
            analyze: explain an answer: top heads, heatmaps, token tables and report.html
            usage:
              analyze --model DIR|ID [--server URL --token T] --image FILE --question TEXT [--answer-prefix TEXT]
                  [--target WORD|ID] [--heads top1|topK:N|L_H,...] [--methods ID,...] [--similarity dot|cosine]
                  [--positions LIST] [--mrr WORD|ID,...] --out DIR
            options:
              --model DIR|ID        a Hugging Face llava-1.5 folder (or LLaMA/Vicuna for text questions); with --server
                                    a model id of the host
              --image FILE          the picture (PNG, JPEG, ...); omit for a text-only model
              --context TEXT        text-only models: the passage the question is about
              --question TEXT       e.g. "What is the color of the dog?"
              --answer-prefix TEXT  teacher-forced start of the answer, e.g. "The color of the dog is"
              --colormap NAME       gray (default, as the paper), hot, viridis, diverging
              --normalization NAME  minmax (default), share, raw
              --opacity X           heatmap opacity over the crop (default 0.6)
              --interpolation NAME  keys-cubic (default; a = -0.5, Pillow BICUBIC) or opencv-cubic (a = -0.75, OpenCV
                                    INTER_CUBIC, as the authors' notebook draws)
              --grid                draw the patch grid
              --top-heads N         heads listed in the report (default 10)
              --similarity NAME     embedding-space tables of the patches: dot (default) or cosine
              --positions LIST      token tables for more positions than the last: sequence indices, patch:N
                                    (row-major) or text:K, e.g. patch:0,5,text:2 (keeps every position in memory)
              --mrr WORD|ID,...     rank per layer and mean reciprocal rank of each token at the last position; with
                                    two or more, the logit minus of the first two
              --out DIR             the result folder (created)
            examples:
              analyze --model llava-1.5-7b-hf --image dog.jpg --question "What is the color of the dog?"
                  --answer-prefix "The color of the dog is" --out out/
              analyze --server http://gpu-box:8765 --token $TOKEN --model llava-1.5-7b-hf --image dog.jpg --question
                  "What is the color of the dog?" --out out/
            """, AnalysisOptions.OPTIONS, ComputeOptions.OPTIONS, ExplainServices.OPTIONS);

    @Override
    public void run(Arguments args, Console console) throws Exception {
        String model = args.require("model");
        Path imageFile = args.path("image", null);
        String context = args.get("context", "");
        String question = args.require("question");
        String prefix = args.get("answer-prefix", "");
        String target = args.get("target", null);
        String headsSpec = args.get("heads", "top1");
        String methodList = args.get("methods", LogProbIncreaseMethod.ID + "," + AverageAttentionMethod.ID);
        String colormap = args.get("colormap", "gray");
        String normalization = args.get("normalization", "minmax");
        double opacity = args.number("opacity", 0.6);
        String interpolation = args.get("interpolation", Interpolation.KEYS_CUBIC.id());
        boolean grid = args.flag("grid");
        boolean padToSquare = args.flag("pad-to-square");
        String replacement = args.get("replacement", "zeros");
        int topHeads = args.integer("top-heads", 10);
        int maxNew = args.integer("max-new-tokens", 12);
        MethodDeadline.apply(args);
        String similarityName = args.get("similarity", "dot");
        String positionList = args.get("positions", "");
        String mrrList = args.get("mrr", "");
        Path out = args.path("out");
        ComputeOptions compute = ComputeOptions.read(args);
        RemoteExplainService host = ExplainServices.remote(args);
        args.requireAllUsed();
        if (!args.positionals().isEmpty()) {
            throw new UsageException("unexpected argument '" + args.positionals().get(0) + "'");
        }
        HeadAggregation heads;
        HeatmapStyle style;
        Similarity similarity;
        List<TablePosition> positions;
        try {
            heads = HeadAggregation.parse(headsSpec);
            style = new HeatmapStyle(Colormap.parse(colormap), ScoreNormalization.parse(normalization), opacity, grid,
                    Interpolation.parse(interpolation));
            similarity = Similarity.parse(similarityName);
            positions = TablePosition.parseList(positionList);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<String> mrr = mrrList.isBlank() ? List.of() : List.of(mrrList.split(",", -1));
        if (mrr.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--mrr '" + mrrList + "' has an empty token");
        }
        if (topHeads < 1 || maxNew < 0) {
            throw new UsageException("--top-heads must be positive and --max-new-tokens not negative");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a file, not a folder");
        }
        MethodRegistry registry = MethodRegistry.fromPlatform();
        registry.problems().forEach(console::warn);
        List<String> methods = MethodList.parse(registry, methodList);
        AttributionSettings attribution = new AttributionSettings(
                new MethodSelection(methods, Map.of(CausalAblationMethod.REPLACEMENT, replacement)), heads, style,
                new TokenTableChoices(TokenTableChoices.LAST_POSITION.tableHeads(), similarity, positions, mrr));
        AnalyzerSettings settings = new AnalyzerSettings(attribution, maxNew, padToSquare, CaptureSpec.MINIMAL);
        CaseQuestion q = new CaseQuestion(imageFile, null, context, question, prefix, target);
        if (host != null) {
            explainOn(host, model, q, settings, topHeads, out, console);
        } else {
            explain(Path.of(model), q, settings, registry, topHeads, out, compute, console);
        }
    }

    /** {@link #explain} with the model run on a model host: the same record, report and summary. */
    private static void explainOn(RemoteExplainService host, String model, CaseQuestion q, AnalyzerSettings settings,
            int topHeads, Path out, Console console) throws Exception {
        console.info("explaining on " + host.server() + " with model " + model);
        try (LiveCase live = host.explain(new ExplainRequest(model, q, settings), new ConsoleMonitor(console))) {
            report(live, topHeads, out, console);
        } catch (ExplainException | HostBusyException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /**
     * Loads the model, analyses the question with {@code settings}, writes the result folder and prints
     * the summary: what {@code analyze} and {@code demo} do once their options are read.
     *
     * @param q its image hash is computed here from the image file
     */
    static void explain(Path modelDir, CaseQuestion q, AnalyzerSettings settings, MethodRegistry registry,
            int topHeads, Path out, ComputeOptions compute, Console console) throws Exception {
        console.info("loading " + modelDir);
        try (LoadedModel model = compute.load(modelDir, console)) {
            boolean llava = model.config().isLlava();
            if (llava && q.image() == null) {
                throw new UsageException("--image is needed: " + modelDir + " is a LLaVA model");
            }
            if (!llava && q.image() != null) {
                throw new UsageException("--image given, but " + modelDir + " is a text-only model");
            }
            String imageHash = llava ? "sha256:" + Hashes.sha256(q.image()) : null;
            CaseQuestion hashed = new CaseQuestion(q.image(), imageHash, q.context(), q.question(), q.answerPrefix(),
                    q.target());
            try (LocalExplainService service = LocalExplainService.over(registry, List.of(model));
                    LiveCase live = service.explain(new ExplainRequest(modelDir.toString(), hashed, settings),
                            new ConsoleMonitor(console))) {
                report(live, topHeads, out, console);
            } catch (ExplainException.BadTarget | ExplainException.BadPosition e) {
                throw new UsageException(e.getMessage());
            }
        }
    }

    /** Writes the result folder of an explained case and prints its summary. */
    private static void report(LiveCase live, int topHeads, Path out, Console console) throws IOException {
        ExplainedCase e = live.explained();
        ReportWriter.Written written = ReportWriter.write(e.record(), live.crop().orElse(null), e.answer(), topHeads,
                out);
        summarize(console, e.record(), e.answer(), topHeads, written);
    }

    /** The token tables the options asked for: positions, MRR per token, logit minus, the similarity used. */
    private static void summarizeTables(Console console, AttributionRecord record) {
        String positions = record.display().tables().positions();
        if (positions != null) {
            console.printf("token tables of positions %s (tokens_*_pos<j>.csv)", positions);
        }
        List<List<TokenRow>> ranked = TokenTables.rankTables(record.tokenTables());
        for (List<TokenRow> t : ranked) {
            TokenRow first = t.get(0);
            console.printf("MRR of '%s' (id %d) over the logit lens of x^0_T..x^%d_T: %.4f (ranks %s)", first.text(),
                    first.id(), t.size() - 1, TokenTables.meanReciprocalRank(t),
                    t.stream().map(r -> Integer.toString(r.rank())).toList());
        }
        if (ranked.size() >= 2) {
            double[] m = TokenTables.logitMinus(ranked.get(0), ranked.get(1));
            console.printf("logit minus log p('%s') - log p('%s') over x^0_T..x^%d_T: %s", ranked.get(0).get(0).text(),
                    ranked.get(1).get(0).text(), m.length - 1,
                    Arrays.stream(m).mapToObj(v -> String.format(Locale.ROOT, "%+.4f", v)).toList());
        }
        if (record.tokenTables().containsKey(TokenTables.EMBED_PROJ)) {
            console.printf("embedding-space tables: %s", record.display().tables().similarity().id());
        }
    }

    private static void summarize(Console console, AttributionRecord record, String answer, int topHeads,
            ReportWriter.Written written) {
        if (answer != null) {
            console.printf("answer: %s", answer);
        }
        console.printf("explained token: '%s' (id %d, %s)", record.target().text(), record.target().id(),
                record.target().rule());
        for (MethodResult m : record.methods()) {
            if (m.failed()) {
                console.warn(m.label() + " failed: " + m.error());
                continue;
            }
            console.printf("%s: %.1f ms", m.label(), m.millis());
            if (m.headScores() != null) {
                HeadScores s = m.heads().orElseThrow();
                console.println("  top heads (layer_head  log-prob increase  share of positive total):");
                for (HeadId id : s.top(topHeads)) {
                    console.printf("    %-7s %+9.4f  %6.2f%%", id, s.score(id), s.percent(id));
                }
            }
        }
        summarizeTables(console, record);
        console.printf("report: %s", written.html().toAbsolutePath());
        console.printf("result: %s (%d files in %s)", written.json().toAbsolutePath(), written.files().size(),
                written.html().getParent().toAbsolutePath());
    }

    @Override
    public CommandSpec spec() {
        return SPEC;
    }
}
