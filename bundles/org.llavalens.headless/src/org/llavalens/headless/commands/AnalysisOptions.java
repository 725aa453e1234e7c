package org.llavalens.headless.commands;

import java.util.List;

import org.llavalens.headless.cli.Option;

/**
 * The options that say how a case is analysed, shared by {@code analyze} and {@code batch}: declared
 * once, so both read them the same and their help says the same.
 */
final class AnalysisOptions {

    static final List<Option> OPTIONS = Option.table("""
            --methods ID,...      attribution methods (default logprob-increase,average-attention; causal-ablation is
                                  the costly baseline: one rerun per patch)
            --target WORD|ID      the token to explain (default: the model's most likely next token)
            --heads SPEC          heads summed into the image map: top1 (default), topK:N, or 22_27,19_6
            --max-new-tokens N    length of the greedy answer recorded (default 12)
            --method-deadline S   seconds one attribution method may compute before it is stopped and reported
                                  failed (default 120)
            --pad-to-square       pad the picture to a square (original LLaVA) instead of the centre crop
            --replacement MODE    causal ablation: zeros (default) or mean
            """);

    private AnalysisOptions() {
    }
}
