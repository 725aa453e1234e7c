package org.llavalens.runtime.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The additive causal mask of transformers' eager attention: 0 where key position <= query
 * position, the most negative float elsewhere (DJL has no tril, so it comes from arange compares).
 */
final class CausalMask {

    private CausalMask() {
    }

    /** [queries, first + queries] for query positions first .. first + queries - 1. */
    static NDArray additive(NDManager manager, int first, int queries) {
        int keys = first + queries;
        NDArray queryPos = manager.arange(first, keys).reshape(queries, 1);
        NDArray keyPos = manager.arange(0, keys).reshape(1, keys);
        return keyPos.gt(queryPos).toType(ai.djl.ndarray.types.DataType.FLOAT32, false).mul(-Float.MAX_VALUE);
    }
}
