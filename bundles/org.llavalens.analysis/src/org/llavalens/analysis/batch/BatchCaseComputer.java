package org.llavalens.analysis.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.CaseAnalyzer;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.store.AtomicFiles;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.annotation.store.ProjectPaths;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.render.RecordRenderer;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;

/**
 * The batch's one per-case function, "case -> stored result files": finds the case finished (the
 * resume rule) or computes it through the explain service and writes its result JSON and heatmap
 * PNGs atomically into the project's {@code results/<case>/}. It never touches the project file or
 * the batch status: the single-machine batch, a batch run on a model host and every Spark executor
 * call it, and only their driver records the outcome ({@link BatchLedger}), so all write the same files
 * by construction.
 */
public final class BatchCaseComputer {

    private final ExplainService service;
    private final ProjectPaths paths;
    private final String model;
    private final String textModel;
    private final BatchSettings settings;
    private final BatchSettings textSettings;
    private final String fingerprint;
    private final ModelInfo modelInfo;
    private final ModelInfo textInfo;

    /**
     * Asks the service for the models' kinds and weights hashes (a local service loads them for it).
     *
     * @param registry  the methods the batch runs (the text-only model runs those of them that score heads)
     * @param model     a model id of the service: a folder's path for a local one, a host's model id
     * @param textModel a text-only model asked the same question without the image, or null
     */
    public BatchCaseComputer(ExplainService service, MethodRegistry registry, Path projectDir, String model,
            String textModel, BatchSettings settings) throws IOException {
        this.service = service;
        this.paths = new ProjectPaths(projectDir);
        this.model = model;
        this.textModel = textModel;
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.modelInfo = service.info(model);
        this.textInfo = textModel == null ? null : service.info(textModel);
        if (textInfo != null && textInfo.kind() == ModelInfo.Kind.LLAVA) {
            throw new IllegalArgumentException(textModel + " is a LLaVA model, not a text-only one");
        }
        this.textSettings = textModel == null ? null : textSettings(settings, registry);
    }

    /** On model folders of this machine, named by their normalised paths (as the local service names them). */
    public static String folderId(Path folder) {
        return folder == null ? null : folder.toAbsolutePath().normalize().toString();
    }

    /**
     * Without an image only head scores mean something: the text-only model runs the methods that score
     * heads (image maps such as average attention would fail on every case).
     */
    private static BatchSettings textSettings(BatchSettings s, MethodRegistry registry) {
        List<String> heads = s.methods().stream().filter(id -> registry.get(id).produces().heads()).toList();
        if (heads.isEmpty()) {
            throw new IllegalArgumentException("the text-only model needs a method that scores heads (e.g. "
                    + org.llavalens.attribution.method.builtin.LogProbIncreaseMethod.ID + ")");
        }
        return new BatchSettings(heads, s.target(), s.heads(), s.maxNewTokens(), s.padToSquare(), s.methodSettings());
    }

    public static String resultId(BatchSettings settings) {
        return "batch-" + settings.fingerprint();
    }

    public static String textResultId(BatchSettings settings) {
        return "batch-text-" + settings.fingerprint();
    }

    public ModelInfo modelInfo() {
        return modelInfo;
    }

    /** The text-only model's description, or null when the batch has none. */
    public ModelInfo textInfo() {
        return textInfo;
    }

    /**
     * The case finished before (its results are kept) or computed now; an error of the case itself
     * (a missing image, a bad target) gives a failed outcome. Errors of the machine ({@link Error}s
     * other than linkage errors) propagate, so that an engine may retry the case elsewhere.
     *
     * @throws OperationCanceledException when the monitor is cancelled
     */
    public CaseOutcome compute(BatchCase c, IProgressMonitor monitor) {
        long t0 = System.nanoTime();
        try {
            Optional<CaseOutcome> done = finished(c);
            if (done.isPresent()) {
                return done.get();
            }
            return computeNow(c, t0, monitor);
        } catch (OperationCanceledException e) {
            throw e;
        } catch (Exception | LinkageError e) {
            return CaseOutcome.failed(c.id(), (System.nanoTime() - t0) / 1e6, oneLine(e));
        }
    }

    private Optional<CaseOutcome> finished(BatchCase c) throws IOException {
        Path image = imageOf(c);
        String imageHash = image == null || !Files.isRegularFile(image) ? null : "sha256:" + Hashes.sha256(image);
        Optional<StoredResult.Finished> main = StoredResult.read(resultFile(c, resultId(settings)),
                expectation(modelInfo, settings, c, imageHash));
        if (main.isEmpty()) {
            return Optional.empty();
        }
        if (textInfo != null && StoredResult.read(resultFile(c, textResultId(settings)),
                expectation(textInfo, textSettings, c, null)).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new CaseOutcome(c.id(), BatchListener.State.SKIPPED, 0, null, main.get().answer(),
                main.get().record().target().text()));
    }

    private StoredResult.Expectation expectation(ModelInfo info, BatchSettings s, BatchCase c, String imageHash) {
        boolean llava = info.kind() == ModelInfo.Kind.LLAVA;
        return new StoredResult.Expectation(fingerprint, info.weightsHash(),
                CaseAnalyzer.prompt(llava, null, c.question(), c.answerPrefix()), llava ? imageHash : null,
                s.methods());
    }

    private CaseOutcome computeNow(BatchCase c, long t0, IProgressMonitor monitor) throws IOException {
        if (c.question() == null || c.question().isBlank()) {
            throw new IllegalArgumentException("the case has no question");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Case " + c.id(), textInfo == null ? 1 : 2);
        Path image = null;
        String imageHash = null;
        if (modelInfo.kind() == ModelInfo.Kind.LLAVA) {
            image = imageOf(c);
            if (image == null || !Files.isRegularFile(image)) {
                throw new IOException("the image " + c.image() + " is missing");
            }
            imageHash = "sha256:" + Hashes.sha256(image);
        }
        String answer;
        String target;
        try (LiveCase main = service.explain(new ExplainRequest(model, new CaseQuestion(image, imageHash, null,
                c.question(), c.answerPrefix(), settings.target()), AnalyzerSettings.of(settings)), sub.split(1))) {
            store(c, resultId(settings), main);
            answer = main.explained().answer();
            target = main.explained().target().text();
        }
        if (textInfo != null) {
            try (LiveCase text = service.explain(new ExplainRequest(textModel, new CaseQuestion(null, null, null,
                    c.question(), c.answerPrefix(), settings.target()), AnalyzerSettings.of(textSettings)),
                    sub.split(1))) {
                store(c, textResultId(settings), text);
            }
        }
        return new CaseOutcome(c.id(), BatchListener.State.COMPUTED, (System.nanoTime() - t0) / 1e6, null, answer,
                target);
    }

    /** The heatmaps first, the JSON last: a result JSON on disk means the case's files are complete. */
    private void store(BatchCase c, String id, LiveCase live) throws IOException {
        AttributionRecord record = live.explained().record();
        Path dir = paths.resolve(ResultAttachments.folderOf(c.id()));
        Files.createDirectories(dir);
        if (live.crop().isPresent()) {
            for (MethodResult m : record.methods()) {
                if (!m.failed() && m.imageScores() != null) {
                    ByteArrayOutputStream png = new ByteArrayOutputStream();
                    if (!ImageIO.write(RecordRenderer.heatmap(record, m.methodId(), live.crop().get()), "png", png)) {
                        throw new IOException("no PNG writer available");
                    }
                    AtomicFiles.write(dir.resolve(ResultAttachments.heatmapName(id, "heatmap_" + m.methodId() + ".png")),
                            png.toByteArray(), false);
                }
            }
        }
        String json = StoredResult.toJson(id, record, fingerprint, live.explained().answer(), c.id());
        AtomicFiles.write(dir.resolve(id + ".json"), json.getBytes(StandardCharsets.UTF_8), false);
    }

    private Path resultFile(BatchCase c, String id) throws IOException {
        return paths.resolve(ResultAttachments.folderOf(c.id()) + "/" + id + ".json");
    }

    private Path imageOf(BatchCase c) throws IOException {
        return c.image() == null ? null : paths.resolve(c.image());
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        m = m.lines().findFirst().orElse(m).strip();
        // file-system exceptions carry only the path as their message
        return e instanceof java.nio.file.FileSystemException ? e.getClass().getSimpleName() + ": " + m : m;
    }
}
