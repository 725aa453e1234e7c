package org.llavalens.annotation;

import java.util.List;
import java.util.Map;

import org.llavalens.annotation.model.AnnotationFactory;
import org.llavalens.annotation.model.Attribute;
import org.llavalens.annotation.model.Evidence;
import org.llavalens.annotation.model.HeadRef;

/**
 * What was on screen when a label was given: the attribution result, its settings (method,
 * baseline, layer range, ...), and the image patches and attention heads the annotator selected.
 */
public record EvidenceSpec(String resultId, Map<String, String> settings, List<Integer> patches, List<Head> heads) {

    public record Head(int layer, int head) {
    }

    public EvidenceSpec {
        settings = settings == null ? Map.of() : Map.copyOf(settings);
        patches = patches == null ? List.of() : List.copyOf(patches);
        heads = heads == null ? List.of() : List.copyOf(heads);
    }

    public static EvidenceSpec none() {
        return new EvidenceSpec(null, null, null, null);
    }

    Evidence toModel() {
        AnnotationFactory f = AnnotationFactory.eINSTANCE;
        Evidence e = f.createEvidence();
        e.setResultId(resultId);
        e.getPatches().addAll(patches);
        for (Head h : heads) {
            HeadRef r = f.createHeadRef();
            r.setLayer(h.layer());
            r.setHead(h.head());
            e.getHeads().add(r);
        }
        settings.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(en -> {
            Attribute a = f.createAttribute();
            a.setKey(en.getKey());
            a.setValue(en.getValue());
            e.getSettings().add(a);
        });
        return e;
    }
}
