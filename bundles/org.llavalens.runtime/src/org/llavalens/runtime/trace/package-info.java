/**
 * What one forward pass exposes to the attribution engine: the residual stream, attention and MLP
 * outputs, attention weights and per-head outputs at the last position, per-position head
 * contributions on demand, and the matrices needed to read vectors as tokens. Names follow
 * {@code method.md}: x^l (layer input), a^l (attention block output), f^l (MLP output), A^l, o^(l,h),
 * c^(l,h)_j.
 */
package org.llavalens.runtime.trace;
