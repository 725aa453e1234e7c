package org.llavalens.ui.session;

import java.util.List;
import java.util.Map;

import org.llavalens.attribution.result.TokenRow;

/**
 * Token tables for one image patch (and one head when one is selected): per layer the tokens of
 * the layer input x^l_j, of what attention and MLPs wrote into j before l, and of the head's
 * value-output c^(l,h)_j, read through the frozen-norm unembedding; plus the patch's
 * embedding-space tokens. Keys name the table, rows name the vector.
 */
public record PatchDetails(int patch, String head, Map<String, List<TokenRow>> tables) {
}
