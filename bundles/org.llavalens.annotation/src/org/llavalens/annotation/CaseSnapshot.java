package org.llavalens.annotation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.llavalens.annotation.model.Attribute;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;

/**
 * What a background job needs of a case, copied where the model may be read (the realm, e.g. the
 * UI thread when the job is created), so the job never touches EMF objects on its own thread.
 *
 * @param image       the image path as stored (project-relative), or null for a text-only case
 * @param imageSha256 the image's content hash recorded at import (hex), or null
 * @param targetToken the answer token to explain, or null for the model's most likely one
 * @param attributes  the case's free-form attributes (e.g. its scene as text) by key
 * @param resultPaths project-relative paths of the results linked from the case, oldest first
 */
public record CaseSnapshot(String id, String image, String imageSha256, String question, String answerPrefix,
        String targetToken, String modelAnswer, Map<String, String> attributes, List<String> resultPaths) {

    public CaseSnapshot {
        attributes = Map.copyOf(attributes);
        resultPaths = List.copyOf(resultPaths);
    }

    /** Copies {@code c}; call it in the project's realm (or holding its model lock). */
    public static CaseSnapshot of(Case c) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (Attribute a : c.getAttributes()) {
            if (a.getKey() != null && a.getValue() != null) {
                attributes.putIfAbsent(a.getKey(), a.getValue());
            }
        }
        List<String> results = new ArrayList<>();
        for (ResultLink l : c.getResults()) {
            results.add(l.getPath());
        }
        return new CaseSnapshot(c.getId(), c.getImage(), c.getImageSha256(), c.getQuestion(), c.getAnswerPrefix(),
                blankToNull(c.getTargetToken()), c.getModelAnswer(), attributes, results);
    }

    /** Copies {@code c} in {@code project}'s realm, from any thread. */
    public static CaseSnapshot of(AnnotationProject project, Case c) {
        return project.realm().call(() -> of(c));
    }

    public String attribute(String key) {
        return attributes.get(key);
    }

    public boolean hasImage() {
        return image != null && !image.isBlank();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
