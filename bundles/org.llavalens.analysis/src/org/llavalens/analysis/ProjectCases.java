package org.llavalens.analysis;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.text.Tokenizer;

/**
 * What ties a case of an annotation project to the explained-case service: the question a case
 * asks (its image, the image's hash and its scene as text), a result saved into the project, and
 * the results saved before read back. Works on {@link CaseSnapshot}s, so any thread may call it.
 */
public final class ProjectCases {

    /** Case attribute holding the scene as text, the context of the text-only questions. */
    public static final String CONTEXT = "context";

    /**
     * The results saved with a case, the main one (the latest with head scores) first, and the text
     * of its input tokens (empty when the model's tokenizer was not at hand: positions show by id).
     */
    public record Stored(List<AttributionRecord> records, List<String> tokens) {

        public Stored {
            records = List.copyOf(records);
            tokens = List.copyOf(tokens);
        }
    }

    private final AnnotationProject project;

    public ProjectCases(AnnotationProject project) {
        this.project = project;
    }

    /** @throws IOException naming the path if the case's image is not there */
    public Path image(CaseSnapshot s) throws IOException {
        Path image = project.paths().resolve(s.image());
        if (!Files.isRegularFile(image)) {
            throw new IOException("the image of case " + s.id() + " is missing: " + image);
        }
        return image;
    }

    /** The question the case asks, its scene as text (attribute {@value #CONTEXT}) as the text-only context. */
    public CaseQuestion question(CaseSnapshot s) throws IOException {
        return new CaseQuestion(image(s), s.imageSha256() == null ? null : "sha256:" + s.imageSha256(),
                s.attribute(CONTEXT), s.question(), s.answerPrefix(), s.targetToken());
    }

    /** Saves {@code record} with the case (written whole, then linked: a crash never leaves half a result). */
    public void save(CaseSnapshot s, AttributionRecord record) throws IOException {
        Path tmp = Files.createTempFile("llavalens-result", ".json");
        try {
            ResultJson.write(record, tmp);
            String method = record.methods().isEmpty() ? null : record.methods().get(0).methodId();
            Case c = project.findCase(s.id());
            if (c == null) {
                throw new IOException("case " + s.id() + " is no longer in the project");
            }
            ResultAttachments.attach(project, c, tmp, List.of(), method);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * The results saved with the case, so reopening shows them without the model. A result file that
     * cannot be read (deleted, damaged, from a newer version) does not hide the others: its
     * project-relative path and why go to {@code unreadable}.
     *
     * @param model the folder whose tokenizer names the input tokens
     * @return the readable results, or null when there is none
     */
    public Stored load(CaseSnapshot s, Path model, Map<String, String> unreadable) {
        List<AttributionRecord> records = new ArrayList<>();
        for (String path : s.resultPaths()) {
            try {
                records.add(ResultJson.read(project.paths().resolve(path)));
            } catch (IOException | RuntimeException e) {
                unreadable.put(path, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
        if (records.isEmpty()) {
            return null;
        }
        List<AttributionRecord> ordered = mainFirst(records);
        return new Stored(ordered, tokens(model, ordered.get(0).provenance().inputIds()));
    }

    /** The latest record with head scores first, the others (e.g. an ablation run) after it in their order. */
    static List<AttributionRecord> mainFirst(List<AttributionRecord> records) {
        int main = -1;
        for (int i = records.size() - 1; i >= 0 && main < 0; i--) {
            if (records.get(i).methods().stream().anyMatch(m -> m.headScores() != null)) {
                main = i;
            }
        }
        List<AttributionRecord> ordered = new ArrayList<>();
        if (main >= 0) {
            ordered.add(records.get(main));
        }
        for (int i = 0; i < records.size(); i++) {
            if (i != main) {
                ordered.add(records.get(i));
            }
        }
        return ordered;
    }

    private static List<String> tokens(Path model, int[] ids) {
        if (ids == null || model == null || !Files.isRegularFile(model.resolve(Tokenizer.FILE))) {
            return List.of();
        }
        try (Tokenizer t = Tokenizer.load(model)) {
            List<String> out = new ArrayList<>(ids.length);
            for (int id : ids) {
                out.add(t.idToToken(id));
            }
            return out;
        } catch (RuntimeException e) {
            // a model folder that moved or changed: positions are then shown by id
            return List.of();
        }
    }
}
