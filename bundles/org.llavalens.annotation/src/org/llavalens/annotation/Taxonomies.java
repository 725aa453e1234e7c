package org.llavalens.annotation;

import java.util.List;

import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.CauseLabel;
import org.llavalens.annotation.model.Taxonomy;

/** The hallucination causes a new project starts with; each project edits its own copy. */
public final class Taxonomies {

    public static final String CORRECT = "correct";
    public static final String TOO_FEW_PATCHES = "too-few-patches";
    public static final String WRONG_OBJECT = "wrong-object";
    public static final String SPATIAL_RELATION = "spatial-relation";
    public static final String ATTRIBUTE_MISREAD = "attribute-misread";
    public static final String LANGUAGE_PRIOR = "language-prior";
    public static final String AMBIGUOUS = "ambiguous";
    public static final String OTHER = "other";

    private record Entry(String id, String name, String description) {
    }

    private static final List<Entry> DEFAULTS = List.of(
            new Entry(CORRECT, "Correct", "No hallucination: the answer is right and grounded in the image."),
            new Entry(TOO_FEW_PATCHES, "Too few relevant patches used",
                    "The model attended to only part of the relevant evidence (e.g. one of two bottles)."),
            new Entry(WRONG_OBJECT, "Wrong object attended",
                    "The answer is driven by patches of an object other than the one asked about."),
            new Entry(SPATIAL_RELATION, "Spatial relation misread",
                    "The right objects are attended but their relative position is misread."),
            new Entry(ATTRIBUTE_MISREAD, "Attribute misread from the right patches",
                    "The right patches are used but a colour, count, size or text is misread."),
            new Entry(LANGUAGE_PRIOR, "Language prior",
                    "The answer is not grounded in the image: the text alone explains it."),
            new Entry(AMBIGUOUS, "Ambiguous image or question",
                    "The image or the question admits more than one reasonable answer."),
            new Entry(OTHER, "Other", "None of the above; explain in the note."));

    private Taxonomies() {
    }

    public static Taxonomy createDefault() {
        Taxonomy t = AnnotationFactory.eINSTANCE.createTaxonomy();
        int key = 1;
        for (Entry e : DEFAULTS) {
            CauseLabel l = AnnotationFactory.eINSTANCE.createCauseLabel();
            l.setId(e.id());
            l.setName(e.name());
            l.setDescription(e.description());
            l.setShortcut(key++);
            t.getLabels().add(l);
        }
        return t;
    }

    public static CauseLabel find(Taxonomy taxonomy, String id) {
        for (CauseLabel l : taxonomy.getLabels()) {
            if (l.getId().equals(id)) {
                return l;
            }
        }
        return null;
    }

    public static CauseLabel byShortcut(Taxonomy taxonomy, int key) {
        for (CauseLabel l : taxonomy.getLabels()) {
            if (!l.isRetired() && l.getShortcut() == key) {
                return l;
            }
        }
        return null;
    }
}
