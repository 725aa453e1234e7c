package org.llavalens.ui.session;

import java.util.List;
import java.util.Map;

import org.llavalens.attribution.result.TokenRow;

/**
 * Token tables of one sequence position, as the attribution bundle's
 * {@link org.llavalens.attribution.report.TokenTables#position} names them: the logit lens of x^l_j per
 * layer and of what attention and the MLPs wrote into j.
 *
 * @param label how the views name the position, e.g. {@code position 579 (text: 'color')}
 */
public record PositionDetails(int position, String label, Map<String, List<TokenRow>> tables) {
}
