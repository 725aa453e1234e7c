package org.llavalens.analysis.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;

import com.google.gson.JsonObject;

/**
 * The driver's side of a batch: records each case's outcome in the project (links to the result
 * files the worker wrote, the model's answer on the case) and in the batch status, saves the project
 * every {@link #SAVE_INTERVAL_NANOS} and at the end, and tells the listener how far the batch is.
 * Only the driver holds one; workers only write result files ({@link BatchCaseComputer}).
 */
public final class BatchLedger {

    static final long SAVE_INTERVAL_NANOS = 10_000_000_000L;

    private final AnnotationProject project;
    private final List<String> resultIds;
    private final BatchStatus status;
    private final BatchListener listener;
    private final int total;
    private int handled;
    private int computed;
    private int skipped;
    private int failed;
    private double computeNanos;
    private long lastSave = System.nanoTime();

    /**
     * @param withText whether the batch also asks a text-only model (its results are linked too)
     * @param header   what the status file says about the batch (settings, models)
     */
    public BatchLedger(AnnotationProject project, BatchSettings settings, boolean withText, JsonObject header,
            int total, BatchListener listener) {
        this.project = project;
        this.resultIds = withText
                ? List.of(BatchCaseComputer.resultId(settings), BatchCaseComputer.textResultId(settings))
                : List.of(BatchCaseComputer.resultId(settings));
        JsonObject h = header.deepCopy();
        h.addProperty("fingerprint", settings.fingerprint());
        h.add("settings", settings.toJson());
        this.status = BatchStatus.open(project.directory(), settings.fingerprint(), h);
        this.listener = listener == null ? new BatchListener() { } : listener;
        this.total = total;
    }

    /** The project's cases in project order, at most {@code limit} (0: all), read once in its realm. */
    public static List<CaseSnapshot> cases(AnnotationProject project, int limit) {
        List<CaseSnapshot> cases = project.realm()
                .call(() -> project.caseIndex().values().stream().map(CaseSnapshot::of).toList());
        return limit > 0 && cases.size() > limit ? cases.subList(0, limit) : cases;
    }

    public Path statusFile() {
        return status.file();
    }

    /** Links the case's results, records its answer and its status line, and reports progress. */
    public void record(CaseSnapshot c, CaseOutcome o) throws IOException {
        BatchListener.Outcome outcome = switch (o.state()) {
        case COMPUTED, SKIPPED -> {
            try {
                boolean fresh = o.state() == BatchListener.State.COMPUTED;
                for (String id : resultIds) {
                    link(c, id, fresh);
                }
                recordOutput(c, o.answer(), o.target());
                status.done(c.id(), fresh, o.millis());
                if (fresh) {
                    computed++;
                    computeNanos += o.millis() * 1e6;
                } else {
                    skipped++;
                }
                yield new BatchListener.Outcome(c.id(), o.state(), o.millis(), null);
            } catch (IOException | RuntimeException e) {
                yield fail(c.id(), o.millis(), BatchCaseComputer.oneLine(e));
            }
        }
        case FAILED -> fail(c.id(), o.millis(), o.error());
        };
        handled++;
        status.write();
        if (System.nanoTime() - lastSave > SAVE_INTERVAL_NANOS) {
            save();
            lastSave = System.nanoTime();
        }
        int attempted = computed + failed;
        double rate = computeNanos > 0 ? attempted / (computeNanos / 1e9) : 0;
        int left = total - handled;
        listener.caseFinished(outcome, new BatchListener.Progress(handled, total, computed, skipped, failed, rate,
                rate > 0 ? left / rate : 0));
    }

    private BatchListener.Outcome fail(String caseId, double millis, String error) {
        failed++;
        computeNanos += millis * 1e6;
        status.failed(caseId, millis, error);
        return new BatchListener.Outcome(caseId, BatchListener.State.FAILED, millis, error);
    }

    /** Writes the status and saves the project; what the run did. */
    public BatchRun.Summary finish(boolean cancelled) throws IOException {
        status.write();
        save();
        return new BatchRun.Summary(total, computed, skipped, failed, cancelled, status.file(), computeNanos / 1e9);
    }

    private void save() {
        try {
            project.save();
        } catch (IOException e) {
            // the results are on disk; the links are restored from them on the next run
            listener.warning("the project file was not saved: " + e.getMessage());
        }
    }

    /**
     * Links result {@code id} of the case; a fresh result replaces the old link, a kept one is linked
     * again only when the link was lost (e.g. to a crash between two saves).
     */
    private void link(CaseSnapshot c, String id, boolean fresh) throws IOException {
        String path = ResultAttachments.folderOf(c.id()) + "/" + id + ".json";
        if (!fresh && c.resultPaths().contains(path)) {
            return;
        }
        Case target = caseOf(c);
        ResultAttachments.detach(project, target, path);
        ResultAttachments.link(project, target, id, heatmapsOf(c, id));
    }

    private List<String> heatmapsOf(CaseSnapshot c, String id) throws IOException {
        String prefix = ResultAttachments.heatmapName(id, "");
        List<String> names = new ArrayList<>();
        try (var files = Files.list(project.paths().resolve(ResultAttachments.folderOf(c.id())))) {
            files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith(prefix) && n.endsWith(".png"))
                    .sorted().forEach(names::add);
        }
        return names;
    }

    /** The model object of a snapshot, to name in a change (read under the lock, never on its fields). */
    private Case caseOf(CaseSnapshot c) {
        Case found = project.findCase(c.id());
        if (found == null) {
            throw new IllegalStateException("case " + c.id() + " was removed from the project");
        }
        return found;
    }

    private void recordOutput(CaseSnapshot c, String answer, String target) {
        String a = answer == null ? target : answer;
        if (!Objects.equals(a, c.modelAnswer()) || !Objects.equals(target, c.targetToken())) {
            new LabelService(project).setModelOutput(caseOf(c), a, target);
        }
    }
}
