/** File formats: safetensors (memory-mapped, F32/F16/BF16, sharded) and NumPy .npy. */
package org.llavalens.runtime.io;
