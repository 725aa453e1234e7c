package org.llavalens.annotation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.llavalens.annotation.model.Annotation;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.Dataset;
import org.llavalens.annotation.model.Project;
import org.llavalens.annotation.model.ReviewEntry;
import org.llavalens.annotation.model.Sheet;
import org.llavalens.annotation.store.ModelWriter;

/**
 * Finding cases and what the sheets say about them: cases by id (an index rebuilt only after the
 * model changed), the labels and the review entries of a case across every sheet.
 */
final class CaseLookup {

    private final Supplier<Project> model;
    private final Collection<Sheet> sheets;
    private final ModelWriter writer;
    private final ReentrantLock modelLock;
    private Map<String, Case> index;
    private long indexAt = -1;

    /** @param sheets a live view of the project's sheets */
    CaseLookup(Supplier<Project> model, Collection<Sheet> sheets, ModelWriter writer, ReentrantLock modelLock) {
        this.model = model;
        this.sheets = sheets;
        this.writer = writer;
        this.modelLock = modelLock;
    }

    /** Every case of every dataset by id. */
    Map<String, Case> caseIndex() {
        modelLock.lock();
        try {
            if (index == null || indexAt != writer.changeCount()) {
                Map<String, Case> m = new LinkedHashMap<>();
                for (Dataset d : model.get().getDatasets()) {
                    for (Case c : d.getCases()) {
                        m.put(c.getId(), c);
                    }
                }
                index = m;
                indexAt = writer.changeCount();
            }
            return index;
        } finally {
            modelLock.unlock();
        }
    }

    /** The labels of a case, one per annotator who labelled it. */
    List<Annotation> annotations(Case c) {
        List<Annotation> out = new ArrayList<>();
        for (Sheet s : sheets) {
            for (Annotation a : s.getAnnotations()) {
                if (c.getId().equals(a.getCaseId())) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    /** The review entries of a case, oldest first. */
    List<ReviewEntry> reviews(Case c) {
        List<ReviewEntry> out = new ArrayList<>();
        for (Sheet s : sheets) {
            for (ReviewEntry e : s.getReviews()) {
                if (c.getId().equals(e.getCaseId())) {
                    out.add(e);
                }
            }
        }
        out.sort(ReviewStates.CHRONOLOGICAL);
        return out;
    }
}
