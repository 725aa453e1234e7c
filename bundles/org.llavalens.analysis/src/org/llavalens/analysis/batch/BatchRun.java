package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.eclipse.emf.edit.command.RemoveCommand;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.AnnotationPackage;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.annotation.store.Hashes;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.model.LoadedModel;

import com.google.gson.JsonObject;

/**
 * Analyses every case of an annotation project with one loaded model (and optionally the same question
 * without the image in a text-only model, e.g. Vicuna, which shows the language prior). Each case's
 * result is saved as soon as it is computed, atomically, under an id made from the settings
 * ({@code batch-<fingerprint>}); a case whose result is already there for the same weights, settings,
 * prompt and image is finished and is not computed again, so an interrupted batch resumes where it
 * stopped. A case that fails is recorded with its error in the status file and the batch goes on.
 *
 * <p>The project file is saved every {@link #SAVE_INTERVAL_NANOS} and at the end; a link lost to a crash
 * between two saves is restored on resume from the result file, which is written first.
 */
public final class BatchRun {

    static final long SAVE_INTERVAL_NANOS = 10_000_000_000L;

    private final AnnotationProject project;
    private final CaseAnalyzer analyzer;
    private final CaseAnalyzer textAnalyzer;
    private final BatchSettings settings;
    private final String fingerprint;

    /** What a run did. */
    public record Summary(int total, int computed, int skipped, int failed, boolean cancelled, Path statusFile,
            double computeSeconds) {
    }

    /**
     * @param model     the LLaVA model (or a text-only model: then the cases' images are not used)
     * @param textModel a text-only counterpart asked the same question without the image, or null
     */
    public BatchRun(AnnotationProject project, LoadedModel model, LoadedModel textModel, MethodRegistry registry,
            BatchSettings settings) {
        this.project = project;
        this.settings = settings;
        this.fingerprint = settings.fingerprint();
        this.analyzer = new CaseAnalyzer(model, registry, settings);
        this.textAnalyzer = textModel == null ? null : new CaseAnalyzer(textModel, registry, settings);
        if (textModel != null && textModel.config().isLlava()) {
            throw new IllegalArgumentException(textModel.folder() + " is a LLaVA model, not a text-only one");
        }
    }

    public String resultId() {
        return "batch-" + fingerprint;
    }

    public String textResultId() {
        return "batch-text-" + fingerprint;
    }

    public Path statusFile() {
        return BatchStatus.fileFor(project.directory(), fingerprint);
    }

    /** @param limit at most this many cases (in project order), or 0 for all */
    public Summary run(int limit, BatchListener listener, IProgressMonitor monitor) throws IOException {
        BatchListener l = listener == null ? new BatchListener() { } : listener;
        List<Case> cases = new ArrayList<>(project.caseIndex().values());
        if (limit > 0 && cases.size() > limit) {
            cases = cases.subList(0, limit);
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Batch", cases.size());
        BatchStatus status = BatchStatus.open(project.directory(), fingerprint, header());
        int computed = 0;
        int skipped = 0;
        int failed = 0;
        double computeNanos = 0;
        boolean cancelled = false;
        long lastSave = System.nanoTime();
        for (int i = 0; i < cases.size(); i++) {
            if (sub.isCanceled()) {
                cancelled = true;
                break;
            }
            Case c = cases.get(i);
            long t0 = System.nanoTime();
            BatchListener.Outcome outcome;
            try {
                if (finished(c)) {
                    skipped++;
                    status.done(c.getId(), false, 0);
                    outcome = new BatchListener.Outcome(c.getId(), BatchListener.State.SKIPPED, 0, null);
                } else {
                    compute(c, sub.split(1));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    computed++;
                    computeNanos += System.nanoTime() - t0;
                    status.done(c.getId(), true, ms);
                    outcome = new BatchListener.Outcome(c.getId(), BatchListener.State.COMPUTED, ms, null);
                }
            } catch (OperationCanceledException e) {
                cancelled = true;
                break;
            } catch (Exception | LinkageError e) {
                double ms = (System.nanoTime() - t0) / 1e6;
                String error = oneLine(e);
                failed++;
                computeNanos += System.nanoTime() - t0;
                status.failed(c.getId(), ms, error);
                outcome = new BatchListener.Outcome(c.getId(), BatchListener.State.FAILED, ms, error);
            }
            sub.setWorkRemaining(cases.size() - i - 1);
            status.write();
            if (System.nanoTime() - lastSave > SAVE_INTERVAL_NANOS) {
                save(l);
                lastSave = System.nanoTime();
            }
            int attempted = computed + failed;
            double rate = computeNanos > 0 ? attempted / (computeNanos / 1e9) : 0;
            int left = cases.size() - (i + 1);
            l.caseFinished(outcome, new BatchListener.Progress(i + 1, cases.size(), computed, skipped, failed, rate,
                    rate > 0 ? left / rate : 0));
        }
        status.write();
        save(l);
        return new Summary(cases.size(), computed, skipped, failed, cancelled, status.file(), computeNanos / 1e9);
    }

    private void save(BatchListener l) {
        try {
            project.save();
        } catch (IOException e) {
            // the results are on disk; the links are restored from them on the next run
            l.warning("the project file was not saved: " + e.getMessage());
        }
    }

    private JsonObject header() {
        JsonObject h = new JsonObject();
        h.addProperty("fingerprint", fingerprint);
        h.add("settings", settings.toJson());
        h.addProperty("model", analyzer.model().info().modelId());
        h.addProperty("weightsHash", analyzer.model().weightsHash());
        if (textAnalyzer != null) {
            h.addProperty("textModel", textAnalyzer.model().info().modelId());
            h.addProperty("textWeightsHash", textAnalyzer.model().weightsHash());
        }
        h.addProperty("started", Instant.now().toString());
        return h;
    }

    private Path resultFile(Case c, String id) throws IOException {
        return project.paths().resolve(ResultAttachments.folderOf(c) + "/" + id + ".json");
    }

    /** True when every result this case needs is on disk and valid; restores a lost link or model answer. */
    private boolean finished(Case c) throws IOException {
        Path image = imageOf(c);
        String imageHash = image == null ? null : "sha256:" + Hashes.sha256(image);
        Optional<StoredResult.Finished> main = StoredResult.read(resultFile(c, resultId()),
                expectation(analyzer, c, imageHash));
        if (main.isEmpty()) {
            return false;
        }
        if (textAnalyzer != null && StoredResult.read(resultFile(c, textResultId()),
                expectation(textAnalyzer, c, null)).isEmpty()) {
            return false;
        }
        relink(c, resultId());
        if (textAnalyzer != null) {
            relink(c, textResultId());
        }
        recordOutput(c, main.get().answer(), main.get().record().target().text());
        return true;
    }

    private StoredResult.Expectation expectation(CaseAnalyzer a, Case c, String imageHash) {
        boolean llava = a.model().config().isLlava();
        return new StoredResult.Expectation(fingerprint, a.model().weightsHash(),
                a.prompt(c.getQuestion(), c.getAnswerPrefix()), llava ? imageHash : null, settings.methods());
    }

    private Path imageOf(Case c) throws IOException {
        return c.getImage() == null || c.getImage().isBlank() ? null : project.imageFile(c);
    }

    private void relink(Case c, String id) throws IOException {
        String path = ResultAttachments.folderOf(c) + "/" + id + ".json";
        if (c.getResults().stream().noneMatch(r -> path.equals(r.getPath()))) {
            ResultAttachments.attach(project, c, resultFile(c, id), List.of(), null);
        }
    }

    private void compute(Case c, IProgressMonitor monitor) throws IOException {
        if (c.getQuestion() == null || c.getQuestion().isBlank()) {
            throw new IllegalArgumentException("the case has no question");
        }
        SubMonitor sub = SubMonitor.convert(monitor, "Case " + c.getId(), textAnalyzer == null ? 1 : 2);
        Path image = null;
        String imageHash = null;
        if (analyzer.model().config().isLlava()) {
            image = imageOf(c);
            if (image == null || !Files.isRegularFile(image)) {
                throw new IOException("the image " + c.getImage() + " is missing");
            }
            imageHash = "sha256:" + Hashes.sha256(image);
        }
        CaseAnalyzer.Analysed main = analyzer.analyse(image, imageHash, c.getQuestion(), c.getAnswerPrefix(), sub.split(1));
        store(c, resultId(), main);
        if (textAnalyzer != null) {
            store(c, textResultId(), textAnalyzer.analyse(null, null, c.getQuestion(), c.getAnswerPrefix(), sub.split(1)));
        }
        recordOutput(c, main.answer(), main.record().target().text());
    }

    private void store(Case c, String id, CaseAnalyzer.Analysed a) throws IOException {
        String json = StoredResult.toJson(id, a.record(), fingerprint, a.answer(), c.getId());
        Path tmp = Files.createTempFile("llavalens-batch-", ".json");
        try {
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            String path = ResultAttachments.folderOf(c) + "/" + id + ".json";
            for (ResultLink old : List.copyOf(c.getResults())) {
                if (path.equals(old.getPath())) {
                    project.execute(new RemoveCommand(project.editingDomain(), c,
                            AnnotationPackage.eINSTANCE.getCase_Results(), old));
                }
            }
            ResultAttachments.attach(project, c, tmp, List.of(), null);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void recordOutput(Case c, String answer, String target) {
        String a = answer == null ? target : answer;
        if (!Objects.equals(a, c.getModelAnswer()) || !Objects.equals(target, c.getTargetToken())) {
            new LabelService(project).setModelOutput(c, a, target);
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m).strip();
    }
}
