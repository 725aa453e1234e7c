/**
 * Measuring, kept out of the shipped core bundles: the runtime and attribution benchmarks behind
 * {@code ./llavalens benchmark}, with {@link org.llavalens.bench.Interleaved} runs so that every ratio
 * comes from two sides measured next to each other, and the fp32-versus-half-precision fidelity check.
 */
package org.llavalens.bench;
