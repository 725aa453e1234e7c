/**
 * LLaVA-1.5 and LLaMA/Vicuna forward passes on DJL's PyTorch engine (fp32 on CPU), generation and
 * model loading, computing what Hugging Face transformers computes (method.md §1).
 *
 * <p>Entry points: {@link org.llavalens.runtime.model.ModelLoader#load} opens a Hugging Face folder
 * as a {@link org.llavalens.runtime.model.LoadedModel}; {@code prepare(...)} turns an image and a
 * prompt (or pixel values and ids) into a validated {@link org.llavalens.runtime.model.PreparedInput};
 * {@code forward(input, CaptureSpec, monitor)} returns a {@link org.llavalens.runtime.trace.ForwardTrace};
 * {@code generateText} decodes greedily with a KV cache; {@code ablation} gives the causal baseline.
 *
 * <p>Weights stay memory-mapped in their stored dtype and are upcast to fp32 per layer into reused
 * buffers ({@link org.llavalens.runtime.model.WeightResidency}); every layer's intermediates live in
 * an {@code NDScope}, so native memory does not grow with the number of passes.
 */
package org.llavalens.runtime.model;
