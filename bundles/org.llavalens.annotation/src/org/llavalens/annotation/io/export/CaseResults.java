package org.llavalens.annotation.io.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.model.Case;
import org.llavalens.annotation.model.ResultLink;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.ResultJson;

/**
 * The attribution records saved with a case. A linked file that is not an attribution record (a
 * result attached by another tool) carries no head scores or maps, so it is skipped, not an error.
 */
public final class CaseResults {

    /** A record with the id the case links it by. */
    public record Linked(String id, AttributionRecord record) {
    }

    /** One head and its share of the positive total of all head scores. */
    public record HeadShare(int layer, int head, double score, double share) {
        public String name() {
            return layer + "_" + head;
        }

        public String line() {
            return String.format(Locale.ROOT, "%s %.1f%%", name(), 100 * share);
        }
    }

    private CaseResults() {
    }

    public static List<Linked> of(AnnotationProject project, Case c) throws IOException {
        List<Linked> out = new ArrayList<>();
        for (ResultLink link : c.getResults()) {
            Path file = project.resultFile(link);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            try {
                out.add(new Linked(link.getId(), ResultJson.read(file)));
            } catch (IOException | RuntimeException notARecord) {
                // another tool's result: nothing to take from it
            }
        }
        return out;
    }

    public static Optional<Linked> byId(List<Linked> records, String id) {
        return records.stream().filter(r -> r.id().equals(id)).findFirst();
    }

    /** The {@code n} highest-scoring heads of the first method with head scores. */
    public static List<HeadShare> topHeads(AttributionRecord r, int n) {
        for (MethodResult m : r.methods()) {
            if (m.failed() || m.headScores() == null) {
                continue;
            }
            double[][] s = m.headScores().raw();
            double positive = 0;
            List<HeadShare> all = new ArrayList<>();
            for (int l = 0; l < s.length; l++) {
                for (int h = 0; h < s[l].length; h++) {
                    positive += Math.max(0, s[l][h]);
                    all.add(new HeadShare(l, h, s[l][h], 0));
                }
            }
            double total = positive;
            return all.stream().sorted(Comparator.comparingDouble(HeadShare::score).reversed()).limit(n)
                    .map(x -> new HeadShare(x.layer(), x.head(), x.score(),
                            total > 0 ? Math.max(0, x.score()) / total : 0))
                    .toList();
        }
        return List.of();
    }
}
