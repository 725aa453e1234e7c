/** LLaVA-1.5 and LLaMA/Vicuna forward passes on DJL, generation, model loading. */
package org.llavalens.runtime.model;
