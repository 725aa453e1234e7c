/**
 * Reading vectors as tokens (method.md §3): logit lens through the frozen-norm unembedding,
 * embedding-space tables, logit minus, and mean reciprocal rank; ties always go to the lower id.
 */
package org.llavalens.attribution.projection;
