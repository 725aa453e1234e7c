package org.llavalens.ui.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;

/**
 * What the workbench holds for one analysed case: the self-describing records (the main analysis,
 * plus e.g. a causal ablation run later), the image they explain, the service's live case when
 * this session explained it (null for a result read back from the project: follow-ups then explain
 * the case again), and the text of every input token.
 */
public record CaseResult(String caseId, Path image, List<AttributionRecord> records, LiveCase live,
        List<String> tokens) {

    public CaseResult {
        records = List.copyOf(records);
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** The text of input position j (its id when the tokenizer was not at hand). */
    public String token(int position) {
        if (position < tokens.size()) {
            return tokens.get(position);
        }
        int[] ids = main().provenance().inputIds();
        return ids != null && position < ids.length ? "#" + ids[position] : "?";
    }

    public AttributionRecord main() {
        return records.get(0);
    }

    /** Every method's output over all records, latest run of a method first. */
    public List<MethodResult> methods() {
        List<MethodResult> out = new ArrayList<>();
        for (int i = records.size() - 1; i >= 0; i--) {
            for (MethodResult m : records.get(i).methods()) {
                if (out.stream().noneMatch(o -> o.methodId().equals(m.methodId()))) {
                    out.add(m);
                }
            }
        }
        return out;
    }

    public Optional<MethodResult> method(String id) {
        return methods().stream().filter(m -> m.methodId().equals(id)).findFirst();
    }

    /** The first method with head scores (the log-probability increase for the built-ins). */
    public Optional<MethodResult> headMethod() {
        return methods().stream().filter(m -> !m.failed() && m.headScores() != null).findFirst();
    }

    public CaseResult with(AttributionRecord extra) {
        List<AttributionRecord> r = new ArrayList<>(records);
        r.add(extra);
        return new CaseResult(caseId, image, r, live, tokens);
    }

    /** The same records, followed up on {@code other} (null: none at hand). */
    public CaseResult withLive(LiveCase other) {
        return new CaseResult(caseId, image, records, other, tokens);
    }
}
