package org.llavalens.ui.session;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.annotation.EvidenceSpec;
import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.attribution.HeadId;
import org.llavalens.ui.prefs.LensPreferences;

/**
 * Labelling the current case through the annotation bundle's label service (one command on the
 * project's command stack each, so undoable), with what is on screen as the evidence: the result,
 * its display settings, the selected patches and head.
 */
public final class Labelling {

    private Labelling() {
    }

    public static String annotator() {
        return LensPreferences.get(LensPreferences.ANNOTATOR);
    }

    public static EvidenceSpec evidence(LensSession session) {
        Case c = session.currentCase();
        CaseResult r = session.result();
        String resultId = null;
        if (c != null && !c.getResults().isEmpty()) {
            ResultLink last = c.getResults().get(c.getResults().size() - 1);
            resultId = last.getId();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (r != null && r.main().display() != null) {
            settings.putAll(r.main().display().asText());
            settings.put("target", r.main().target().text());
        }
        List<EvidenceSpec.Head> heads = new ArrayList<>();
        HeadId h = session.selectedHead();
        if (h != null) {
            heads.add(new EvidenceSpec.Head(h.layer(), h.head()));
        }
        return new EvidenceSpec(resultId, settings, new ArrayList<>(session.selectedPatches()), heads);
    }

    /** Applies the label bound to key 1-9 to the current case. */
    public static Annotation byShortcut(LensSession session, int key) {
        Case c = requireCase(session);
        return session.labels().setLabelByShortcut(c, annotator(), key, evidence(session));
    }

    /** Sets label, confidence and note together (one undoable step). */
    public static Annotation set(LensSession session, String labelId, double confidence, String note) {
        Case c = requireCase(session);
        return session.labels().setLabel(c, annotator(), labelId, confidence, note, evidence(session));
    }

    public static Annotation current(LensSession session) {
        Case c = session.currentCase();
        return c == null || session.labels() == null ? null : session.labels().labelOf(c, annotator());
    }

    private static Case requireCase(LensSession session) {
        Case c = session.currentCase();
        if (c == null || session.labels() == null) {
            throw new IllegalStateException("no case is open: pick one in the Project navigator");
        }
        return c;
    }

    /** Every case of the project in dataset order. */
    public static List<Case> cases(LensSession session) {
        List<Case> out = new ArrayList<>();
        if (session.project() != null) {
            for (Dataset d : session.project().model().getDatasets()) {
                out.addAll(d.getCases());
            }
        }
        return out;
    }

    /** The case {@code step} places after (or before) the current one, or null at either end. */
    public static Case neighbour(LensSession session, int step) {
        List<Case> all = cases(session);
        if (all.isEmpty()) {
            return null;
        }
        int i = all.indexOf(session.currentCase());
        int j = i < 0 ? 0 : i + step;
        return j >= 0 && j < all.size() ? all.get(j) : null;
    }
}
