/**
 * Work over many cases with one loaded model: shared helpers of the batch runner
 * ({@link org.llavalens.analysis.batch}) and the paper's experiments
 * ({@link org.llavalens.analysis.experiment}). No UI code.
 */
package org.llavalens.analysis;
