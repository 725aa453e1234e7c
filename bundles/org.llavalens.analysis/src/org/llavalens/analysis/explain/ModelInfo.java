package org.llavalens.analysis.explain;

/**
 * A model a service can run.
 *
 * @param id          how requests name it (a model host uses the folder name; a local service also
 *                    takes the folder's path)
 * @param weightsHash identifies the weights, so results of the same weights are recognised
 */
public record ModelInfo(String id, Kind kind, int layers, int heads, String weightsHash) {

    /** LLaVA answers about an image; Vicuna (its language model alone) about text. */
    public enum Kind {
        LLAVA, VICUNA
    }
}
