package org.llavalens.attribution.report;

import java.util.LinkedHashSet;
import java.util.List;

import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.TargetSelector;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.TokenStanding;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The head scores of one pass for a chosen token, next to the pass's own answer: what a comparison
 * of the same question asked several ways shows per way. A shared word lets passes of different
 * models explain the same token, each looked up in its own vocabulary.
 *
 * @param standing the explained token's rank and probability in this pass (rank 1 = its answer)
 */
public record TargetHeads(TargetToken answer, TargetToken explained, TokenStanding standing, HeadScores heads) {

    /**
     * @param word the token to explain, as a word of the vocabulary (never read as an id); null for
     *             the pass's own answer
     * @throws IllegalArgumentException if the word is not one token of the vocabulary
     */
    public static TargetHeads of(ForwardTrace trace, TargetSelector selector, String word) {
        TargetToken answer = selector.argmax(trace);
        TargetToken explained = word == null ? answer : selector.word(trace, word);
        HeadScores heads = new LogProbIncrease(trace, FrozenNormUnembedding.of(trace), explained.id())
                .headAndLayerScores().heads();
        return new TargetHeads(answer, explained, TokenStanding.of(trace.logits(), explained.id()), heads);
    }

    /** How many heads two top lists share (the paper: 8 of the top 10 between Vicuna and LLaVA). */
    public static int overlap(List<HeadId> a, List<HeadId> b) {
        LinkedHashSet<HeadId> s = new LinkedHashSet<>(a);
        s.retainAll(b);
        return s.size();
    }
}
