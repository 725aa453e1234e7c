package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelInfo;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.model.LoadedModel;

import com.google.gson.JsonObject;

/**
 * Analyses every case of an annotation project on this machine with one loaded model (and optionally the
 * same question without the image in a text-only model, e.g. Vicuna, which shows the language prior).
 * Each case goes through {@link BatchCaseComputer}, the function the Spark batch runs on its executors:
 * its result is saved as soon as it is computed, atomically, under an id made from the settings
 * ({@code batch-<fingerprint>}); a case whose result is already there for the same weights, settings,
 * prompt and image is finished and is not computed again, so an interrupted batch resumes where it
 * stopped. A case that fails is recorded with its error in the status file and the batch goes on. Each
 * result carries the heatmap PNGs of its image methods (as {@code analyze} draws them), so exports have them.
 *
 * <p>The project file is saved every ten seconds and at the end ({@link BatchLedger}); a link lost to a
 * crash between two saves is restored on resume from the result file, which is written first. The cases are
 * read once, in the project's realm, and every link and answer is recorded as a system change (saved,
 * not undoable), so a batch may run in a background job while the workbench shows the project.
 */
public final class BatchRun {

    private final AnnotationProject project;
    private final BatchSettings settings;
    private final BatchCaseComputer computer;

    /** What a run did. */
    public record Summary(int total, int computed, int skipped, int failed, boolean cancelled, Path statusFile,
            double computeSeconds) {
    }

    /**
     * On models the caller loaded (and closes after the run).
     *
     * @param model     the LLaVA model (or a text-only model: then the cases' images are not used)
     * @param textModel a text-only counterpart asked the same question without the image, or null
     */
    public BatchRun(AnnotationProject project, LoadedModel model, LoadedModel textModel, MethodRegistry registry,
            BatchSettings settings) throws IOException {
        // the service only borrows the caller's models: there is nothing of its own to close
        this(project, LocalExplainService.over(registry, textModel == null ? List.of(model) : List.of(model, textModel)),
                registry, BatchCaseComputer.folderId(model.folder()),
                textModel == null ? null : BatchCaseComputer.folderId(textModel.folder()), settings);
    }

    /** On the models of a local {@code service}, named by their folders. */
    public BatchRun(AnnotationProject project, LocalExplainService service, Path model, Path textModel,
            BatchSettings settings) throws IOException {
        this(project, service, service.registry(), BatchCaseComputer.folderId(model),
                BatchCaseComputer.folderId(textModel), settings);
    }

    /**
     * On the models of any explain service (a model host's too), named by the service's model ids.
     *
     * @param registry the methods the settings name (the text-only model runs those that score heads)
     */
    public BatchRun(AnnotationProject project, ExplainService service, MethodRegistry registry, String model,
            String textModel, BatchSettings settings) throws IOException {
        this.project = project;
        this.settings = settings;
        this.computer = new BatchCaseComputer(service, registry, project.directory(), model, textModel, settings);
    }

    public String resultId() {
        return BatchCaseComputer.resultId(settings);
    }

    public String textResultId() {
        return BatchCaseComputer.textResultId(settings);
    }

    /** Whether each case is also asked of a text-only model. */
    public boolean hasTextModel() {
        return computer.textInfo() != null;
    }

    public Path statusFile() {
        return BatchStatus.fileFor(project.directory(), settings.fingerprint());
    }

    /** @param limit at most this many cases (in project order), or 0 for all */
    public Summary run(int limit, BatchListener listener, IProgressMonitor monitor) throws IOException {
        List<CaseSnapshot> cases = BatchLedger.cases(project, limit);
        SubMonitor sub = SubMonitor.convert(monitor, "Batch", cases.size());
        BatchLedger ledger = new BatchLedger(project, settings, computer.textInfo() != null, header(),
                cases.size(), listener);
        boolean cancelled = false;
        for (int i = 0; i < cases.size(); i++) {
            if (sub.isCanceled()) {
                cancelled = true;
                break;
            }
            CaseSnapshot c = cases.get(i);
            CaseOutcome outcome;
            try {
                outcome = computer.compute(BatchCase.of(c), sub.split(1));
            } catch (OperationCanceledException e) {
                cancelled = true;
                break;
            }
            sub.setWorkRemaining(cases.size() - i - 1);
            ledger.record(c, outcome);
        }
        return ledger.finish(cancelled);
    }

    private JsonObject header() {
        JsonObject h = new JsonObject();
        describe(h, "model", computer.modelInfo());
        if (computer.textInfo() != null) {
            describe(h, "textModel", computer.textInfo());
        }
        h.addProperty("started", Instant.now().toString());
        return h;
    }

    private static void describe(JsonObject h, String key, ModelInfo m) {
        h.addProperty(key, java.nio.file.Path.of(m.id()).getFileName().toString());
        h.addProperty(key.equals("model") ? "weightsHash" : "textWeightsHash", m.weightsHash());
    }
}
