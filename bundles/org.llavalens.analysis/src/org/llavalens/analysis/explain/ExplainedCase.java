package org.llavalens.analysis.explain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.ScoreVector;
import org.llavalens.attribution.LayerScores;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.Provenance;
import org.llavalens.attribution.result.TokenRow;

/**
 * One explained case: the stored record (what is saved and sent), the prompt the model was asked,
 * its greedy answer, and the text of every input token; typed views of the record's arrays.
 *
 * @param answer the teacher-forced prefix and the greedy continuation, or null when none was asked
 * @param tokens the text of each input position, as the tokenizer spells it
 */
public record ExplainedCase(AttributionRecord record, String prompt, String answer, List<String> tokens) {

    public ExplainedCase {
        tokens = List.copyOf(tokens);
    }

    public TargetToken target() {
        return record.target();
    }

    public Provenance provenance() {
        return record.provenance();
    }

    /** Wall times of the forward pass's parts, in milliseconds, by name. */
    public Map<String, Double> timings() {
        return record.forwardTimings() == null ? Map.of() : record.forwardTimings().byStage();
    }

    /** Every method's output, in the order they ran. */
    public List<MethodResult> methods() {
        return record.methods();
    }

    /** The first method that scored heads (the paper's log-probability increase for the built-ins). */
    public Optional<MethodResult> headMethod() {
        return record.methods().stream().filter(m -> !m.failed() && m.headScores() != null).findFirst();
    }

    public Optional<HeadScores> headScores() {
        return headMethod().flatMap(MethodResult::heads);
    }

    /** Attention and MLP scores per layer, when the head method produced them. */
    public Optional<LayerScores> layerScores() {
        return headMethod().filter(m -> m.array("layer_attn_scores").isPresent() && m.array("layer_mlp_scores").isPresent())
                .map(m -> new LayerScores(m.array("layer_attn_scores").orElseThrow().toArray(),
                        m.array("layer_mlp_scores").orElseThrow().toArray()));
    }

    /** S^(l,h)_j over every position for each head whose map the analysis kept. */
    public Map<HeadId, ScoreVector> positionScores() {
        return headMethod().map(MethodResult::positionsByHead).orElse(Map.of());
    }

    public Map<String, List<TokenRow>> tokenTables() {
        return record.tokenTables();
    }

    /** The text of input position j. */
    public String token(int position) {
        return position < tokens.size() ? tokens.get(position) : "#" + record.provenance().inputIds()[position];
    }
}
