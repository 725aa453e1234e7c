package org.llavalens.runtime.model;

/**
 * A greedy continuation: the new ids (EOS included when reached) and their text.
 *
 * @param stoppedAtEos whether decoding ended at the end-of-sequence token rather than the limit
 */
public record Generation(int[] ids, String text, boolean stoppedAtEos) {

    public Generation {
        ids = ids.clone();
    }

    @Override
    public int[] ids() {
        return ids.clone();
    }
}
