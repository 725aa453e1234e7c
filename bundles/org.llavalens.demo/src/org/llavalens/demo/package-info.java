/**
 * The demo model: a small LLaVA (and its Vicuna counterpart) in the Hugging Face layout whose weights
 * implement a known mechanism, generated deterministically, plus scenes it answers questions about.
 *
 * <p>Mechanism (shared/docs/planted-model.md is the longer account):
 * <ul>
 * <li>vision: the patch conv holds matched filters for three zero-mean, mutually orthogonal species
 * textures (period 14) and channel-mean filters; the position embedding flags the sink patch (k = 68);
 * CLIP layer 0's MLP turns species scores into clean 0/1 flags. Layer 0's output is
 * {@code vision_feature_layer -2}; layer 1 is random, so reading -1 answers wrongly.</li>
 * <li>decoder: the mover head 0_0 copies the asked animal word into the last position; the color
 * head 2_5 attends to that animal's patches (or, in text, to the color word) and writes
 * nearest-centroid color scores that lm_head reads; seven sink heads attend to the sink patch (BOS
 * without an image) and write into a dimension nothing reads; the positional head 1_7 attends to the
 * previous token through the fastest rotary pairs, so a wrong RoPE shows; the other heads and all MLPs
 * are noise.</li>
 * </ul>
 * {@link org.llavalens.demo.PlantedHeads} names the planted heads; {@link org.llavalens.demo.DemoGenerator}
 * writes the folders.
 */
package org.llavalens.demo;
