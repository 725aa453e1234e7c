package org.llavalens.ui.session;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.eclipse.swt.widgets.Display;
import org.llavalens.analysis.explain.Comparison;
import org.llavalens.analysis.explain.EmbeddingTable;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.HeadMap;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.NextTokens;
import org.llavalens.analysis.explain.PatchTables;
import org.llavalens.analysis.explain.PositionTables;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ProjectListener;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.result.AttributionRecord;

/**
 * The workbench's shared state, one per workbench (a workbench service, see
 * {@link LensSessionFactory}): the open project, the current case, its cached result, the selected
 * head and patches, and what jobs computed for them; the explained-case service jobs ask, and the
 * live case of the case explained last (one at a time: a live case holds a forward pass). Views
 * read it and listen to {@link Topic}s; they never compute. Listeners are always called on the UI
 * thread.
 */
public final class LensSession {

    private final List<Consumer<Topic>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, CaseResult> results = new ConcurrentHashMap<>();
    private ExplainService service;
    private ExplainServices.Choice serviceChoice;
    /** Labels, reviews, attached results and model answers: user edits and system changes alike. */
    private final ProjectListener projectListener = change -> fire(Topic.LABELS);
    private volatile AnnotationProject project;
    private volatile LabelService labels;
    private volatile Case current;
    private final Watched<SelectedHead> head = new Watched<>(Topic.HEAD, this::fire, SelectedHead.NONE);
    private final Watched<SelectedPatches> patches = new Watched<>(Topic.PATCHES, this::fire, SelectedPatches.NONE);
    private final Watched<SelectedPosition> position = new Watched<>(Topic.POSITION, this::fire,
            SelectedPosition.NONE);
    private final OfResult<EmbeddingTable> embedding = new OfResult<>();
    private final OfResult<NextTokens> nextTokens = new OfResult<>();
    private final Watched<Compared> compared = new Watched<>(Topic.COMPARE, this::fire, Compared.NONE);
    private final Watched<Set<HeadId>> heads = new Watched<>(Topic.HEAD, this::fire, Set.of());
    private final Watched<HeadChoice> headChoice = new Watched<>(Topic.AGGREGATION, this::fire, null);
    private final OfResult<HeadMap> aggregated = new OfResult<>();
    private final OfResult<Map<HeadId, double[]>> knownPositions = new OfResult<>();

    public void addListener(Consumer<Topic> l) {
        listeners.add(l);
    }

    public void removeListener(Consumer<Topic> l) {
        listeners.remove(l);
    }

    void fire(Topic topic) {
        Display d = Display.getDefault();
        Runnable r = () -> listeners.forEach(l -> l.accept(topic));
        if (Display.getCurrent() != null) {
            r.run();
        } else if (!d.isDisposed()) {
            d.asyncExec(r);
        }
    }

    /**
     * The service jobs ask (call it from jobs: it may load nothing, but a change of the model host,
     * device or precision preferences closes the old service, and with it the live cases, and builds anew).
     */
    public synchronized ExplainService service() {
        ExplainServices.Choice wanted = ExplainServices.wanted();
        if (service == null || !wanted.equals(serviceChoice)) {
            closeService();
            service = ExplainServices.create(wanted);
            serviceChoice = wanted;
        }
        return service;
    }

    /** Closes the service and the live cases (models are loaded again when next asked). */
    public synchronized void closeService() {
        results.replaceAll((id, r) -> {
            if (r.live() != null) {
                r.live().close();
            }
            return r.withLive(null);
        });
        if (service != null) {
            service.close();
            service = null;
        }
    }

    public AnnotationProject project() {
        return project;
    }

    public LabelService labels() {
        return labels;
    }

    /** Makes {@code p} the open project (closing the previous one, which saves it). */
    public void open(AnnotationProject p) throws java.io.IOException {
        AnnotationProject old = project;
        if (old != null) {
            old.removeProjectListener(projectListener);
            old.close();
        }
        results.values().stream().map(CaseResult::live).filter(l -> l != null).forEach(LiveCase::close);
        results.clear();
        if (p != null) {
            // the views read the model on the UI thread: every write, from any job, is made there too
            p.setRealm(new DisplayRealm(Display.getDefault()));
        }
        project = p;
        labels = p == null ? null : new LabelService(p);
        current = null;
        clearSelections();
        if (p != null) {
            SaveProblems.watch(p, p.startAutosave(java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(3)));
            p.addProjectListener(projectListener);
        }
        fire(Topic.PROJECT);
        fire(Topic.CASE);
    }

    public Case currentCase() {
        return current;
    }

    public void setCurrentCase(Case c) {
        if (c == current) {
            return;
        }
        current = c;
        clearSelections();
        fire(Topic.CASE);
        fire(Topic.RESULT);
    }

    private void clearSelections() {
        head.reset(SelectedHead.NONE);
        patches.reset(SelectedPatches.NONE);
        position.reset(SelectedPosition.NONE);
        embedding.clear();
        compared.reset(Compared.NONE);
        aggregated.clear();
    }

    /** The selected head and its position scores [T] (null until they are known). */
    private record SelectedHead(HeadId head, double[] positions) {
        static final SelectedHead NONE = new SelectedHead(null, null);
    }

    /** The selected patches and their token tables (null until they arrive). */
    private record SelectedPatches(Set<Integer> patches, PatchTables details) {
        static final SelectedPatches NONE = new SelectedPatches(Set.of(), null);
    }

    /** The selected sequence position (-1: none) and its tables (null until they arrive). */
    private record SelectedPosition(int position, PositionTables details) {
        static final SelectedPosition NONE = new SelectedPosition(-1, null);
    }

    /** The last comparison, or why it failed: one of the two. */
    private record Compared(Comparison comparison, String error) {
        static final Compared NONE = new Compared(null, null);
    }

    /** The cached result of the current case, or null. */
    public CaseResult result() {
        Case c = current;
        return c == null ? null : results.get(c.getId());
    }

    public CaseResult result(String caseId) {
        return results.get(caseId);
    }

    /**
     * Keeps {@code r} as its case's result; a live case it replaces is closed, and when {@code r}
     * brings one, the other cases' live cases are closed (follow-ups on them explain them again).
     */
    public void putResult(CaseResult r) {
        CaseResult old = results.put(r.caseId(), r);
        if (old != null && old.live() != null && old.live() != r.live()) {
            old.live().close();
        }
        if (r.live() != null) {
            results.replaceAll((id, other) -> {
                if (id.equals(r.caseId()) || other.live() == null) {
                    return other;
                }
                other.live().close();
                return other.withLive(null);
            });
        }
        Case c = current;
        if (c != null && c.getId().equals(r.caseId())) {
            fire(Topic.RESULT);
        }
    }

    public HeadId selectedHead() {
        return head.get().head();
    }

    /** Position scores [T] of the selected head, or null until they are known. */
    public double[] headPositions() {
        return head.get().positions();
    }

    public void selectHead(HeadId h, double[] positions) {
        head.set(new SelectedHead(h, positions));
    }

    /** Sets the selected head's position scores if it is still the selected head. */
    public void headPositionsArrived(HeadId h, double[] positions) {
        if (h.equals(selectedHead())) {
            head.set(new SelectedHead(h, positions));
        }
    }

    public Set<Integer> selectedPatches() {
        return patches.get().patches();
    }

    public void selectPatches(Set<Integer> value) {
        patches.set(new SelectedPatches(Set.copyOf(new LinkedHashSet<>(value)), null));
    }

    public PatchTables patchDetails() {
        return patches.get().details();
    }

    public void patchDetailsArrived(PatchTables d) {
        patches.set(new SelectedPatches(selectedPatches(), d));
    }

    /** The sequence position whose token tables are asked for (Text Positions view), or -1. */
    public int selectedPosition() {
        return position.get().position();
    }

    /** Selects position j (-1: none); selecting the selected one again keeps its tables. */
    public void selectPosition(int j) {
        if (j != selectedPosition()) {
            position.set(new SelectedPosition(j, null));
        }
    }

    /** The tables of the selected position, or null until they arrive. */
    public PositionTables positionDetails() {
        return position.get().details();
    }

    /** Keeps a position's tables if it is still the selected position. */
    public void positionDetailsArrived(PositionTables d) {
        if (d.position() == selectedPosition()) {
            position.set(new SelectedPosition(d.position(), d));
        }
    }

    /** The recomputed embedding-space table of the current result, or null. */
    public EmbeddingTable embeddingTable() {
        return embedding.get(result());
    }

    /** Keeps a recomputed embedding-space table if it is for the current result. */
    public void embeddingTableArrived(AttributionRecord record, EmbeddingTable e) {
        arrived(embedding, record, e, Topic.POSITION);
    }

    /** The next-token predictions of the current result, or null (not asked for, or not computed yet). */
    public NextTokens nextTokens() {
        return nextTokens.get(result());
    }

    /** Keeps next-token predictions if they are for the current result. */
    public void nextTokensArrived(AttributionRecord record, NextTokens n) {
        arrived(nextTokens, record, n, Topic.PREDICTIONS);
    }

    public Comparison compare() {
        return compared.get().comparison();
    }

    public void compareArrived(Comparison r) {
        compared.set(new Compared(r, null));
    }

    /** Why the last comparison failed (also shown in a dialog), or null. */
    public String compareError() {
        return compared.get().error();
    }

    public void compareFailed(String message) {
        compared.set(new Compared(null, message));
    }

    /** The heads selected in the head grid (Ctrl+click adds one), in the order they were picked. */
    public Set<HeadId> selectedHeads() {
        return heads.get();
    }

    public void setSelectedHeads(java.util.Collection<HeadId> value) {
        heads.change(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(value)));
    }

    /** The canvas's choice of heads for the log-increase map; null keeps the analysis's own map. */
    public HeadChoice headChoice() {
        return headChoice.get();
    }

    public void setHeadChoice(HeadChoice value) {
        headChoice.set(value);
    }

    /** The aggregation wanted for the log-increase map now, if one is chosen and can be computed. */
    public java.util.Optional<HeadAggregation> wantedAggregation() {
        HeadChoice c = headChoice.get();
        return c == null ? java.util.Optional.empty() : c.resolve(heads.get());
    }

    /** The recomputed map of the current result, or null (none asked for, or not computed yet). */
    public HeadMap aggregatedMap() {
        return aggregated.get(result());
    }

    /** Keeps a recomputed map if it is for the current result. */
    public void aggregatedMapArrived(CaseResult r, HeadMap m) {
        knownPositions(r).putAll(m.positions());
        arrived(aggregated, r.main(), m, Topic.AGGREGATION);
    }

    /** Keeps what a job computed from {@code record} if that is still the current result, and says so. */
    private <T> void arrived(OfResult<T> holder, AttributionRecord record, T value, Topic topic) {
        CaseResult now = result();
        if (now != null && now.main() == record) {
            holder.set(record, value);
            fire(topic);
        }
    }

    /**
     * Each head's scores over every position known for a result: those its analysis kept and those
     * computed since (for the last result asked).
     */
    public synchronized Map<HeadId, double[]> knownPositions(CaseResult r) {
        Map<HeadId, double[]> known = knownPositions.get(r);
        if (known == null) {
            known = new ConcurrentHashMap<>();
            Map<HeadId, double[]> seed = known;
            r.headMethod().ifPresent(m -> m.positionsByHead().forEach((h, s) -> seed.put(h, s.toArray())));
            knownPositions.set(r.main(), known);
        }
        return known;
    }

    /** Closes the project (saving it) and the service with its models. */
    public void shutdown() throws java.io.IOException {
        try {
            open(null);
        } finally {
            closeService();
        }
    }
}
