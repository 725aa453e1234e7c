/**
 * The one writer of synthetic Hugging Face model folders ({@link org.llavalens.bench.hf.HfFolderWriter}):
 * configs in transformers' layout ({@link org.llavalens.bench.hf.HfConfigs}), word-level tokenizer
 * files, and weights through the runtime's safetensors writer. The demo generator, the benchmarks'
 * random models ({@link org.llavalens.bench.hf.SyntheticLlama}, {@link org.llavalens.bench.hf.SyntheticLlava})
 * and tests write through it.
 */
package org.llavalens.bench.hf;
