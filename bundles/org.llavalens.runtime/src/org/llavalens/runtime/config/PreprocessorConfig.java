package org.llavalens.runtime.config;

/**
 * preprocessor_config.json of a CLIPImageProcessor.
 *
 * @param resample  PIL resample code (3 = bicubic)
 * @param padToSquare the original LLaVA repo's expand2square before resizing (not in HF; our option)
 */
public record PreprocessorConfig(int shortestEdge, int cropHeight, int cropWidth, boolean doResize,
        boolean doCenterCrop, boolean doRescale, double rescaleFactor, boolean doNormalize, double[] imageMean,
        double[] imageStd, boolean doConvertRgb, int resample, boolean padToSquare) {

    /** The same settings with the original LLaVA repo's pad-to-square on or off. */
    public PreprocessorConfig withPadToSquare(boolean pad) {
        return new PreprocessorConfig(shortestEdge, cropHeight, cropWidth, doResize, doCenterCrop, doRescale,
                rescaleFactor, doNormalize, imageMean, imageStd, doConvertRgb, resample, pad);
    }
}
