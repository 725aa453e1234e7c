/**
 * The explained-case service: the one way any front end (workbench, command line, server, Spark
 * batch) asks for an analysis. A {@link org.llavalens.analysis.explain.ExplainRequest} names a
 * model, a question and the settings; {@link org.llavalens.analysis.explain.ExplainService#explain}
 * gives a {@link org.llavalens.analysis.explain.LiveCase}: the typed
 * {@link org.llavalens.analysis.explain.ExplainedCase} plus the follow-up questions a view asks
 * of the same forward pass (a map for other heads, token tables of a position or patch, next-token
 * predictions). Every map goes through the method registry.
 */
package org.llavalens.analysis.explain;
