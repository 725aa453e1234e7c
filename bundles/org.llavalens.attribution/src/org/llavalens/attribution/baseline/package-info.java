/** The baselines the paper compares against: average attention over heads, and causal patch ablation. */
package org.llavalens.attribution.baseline;
