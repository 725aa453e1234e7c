package org.llavalens.demo;

import static org.llavalens.demo.DemoArchitecture.*;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.llavalens.bench.hf.HfConfigs;
import org.llavalens.bench.hf.HfFolderWriter;
import org.llavalens.bench.hf.WordLevelTokenizerFiles;
import org.llavalens.demo.weights.TensorSet;
import org.llavalens.runtime.io.DType;
import org.llavalens.runtime.io.SafetensorsWriter;

/** The demo models' sizes, vocabularies and weights, written by the one Hugging Face folder writer. */
final class DemoHfFolders {

    private static final HfConfigs.VisionShape VISION = new HfConfigs.VisionShape(VISION_HIDDEN, VISION_MLP,
            VISION_HEADS, VISION_LAYERS, IMAGE_SIZE, PATCH, VISION_LN_EPS);

    private DemoHfFolders() {
    }

    static void writeLlavaMetadata(Path folder) throws IOException {
        writeLlavaConfig(folder, -2, ROPE_THETA);
        new HfFolderWriter(folder)
                .generationConfig(HfConfigs.generationConfig(DemoVocabulary.bosId(), DemoVocabulary.eosId(),
                        DemoVocabulary.padId()))
                .preprocessorConfig(HfConfigs.preprocessorConfig(IMAGE_SIZE, ClipNormalisation.MEAN,
                        ClipNormalisation.STD, ClipNormalisation.RESCALE))
                .tokenizer(tokenizer(DemoVocabulary.llavaWords()));
    }

    static void writeVicunaMetadata(Path folder) throws IOException {
        new HfFolderWriter(folder)
                .config(HfConfigs.llamaConfig(text(DemoVocabulary.textSize(), ROPE_THETA), DemoVocabulary.unkId(),
                        "float32"))
                .generationConfig(HfConfigs.generationConfig(DemoVocabulary.bosId(), DemoVocabulary.eosId(),
                        DemoVocabulary.unkId()))
                .tokenizer(tokenizer(DemoVocabulary.textWords()));
    }

    static void writeLlavaConfig(Path folder, int visionFeatureLayer, double ropeTheta) throws IOException {
        new HfFolderWriter(folder).config(HfConfigs.llavaConfig(text(DemoVocabulary.llavaSize(), ropeTheta), VISION,
                DemoVocabulary.imageId(), DemoVocabulary.padId(), visionFeatureLayer, "float32"));
    }

    static void writeWeights(Path folder, TensorSet tensors, DType dtype) throws IOException {
        SafetensorsWriter writer = new SafetensorsWriter(dtype);
        tensors.copyTo(writer::add);
        new HfFolderWriter(folder).weights(writer);
    }

    private static HfConfigs.TextShape text(int vocab, double ropeTheta) {
        return new HfConfigs.TextShape(HIDDEN, HEADS, HEADS, MLP, LAYERS, vocab, MAX_POSITIONS, RMS_EPS, ropeTheta,
                DemoVocabulary.bosId(), DemoVocabulary.eosId());
    }

    private static WordLevelTokenizerFiles tokenizer(List<String> words) {
        return new WordLevelTokenizerFiles(words, DemoVocabulary.UNK, DemoVocabulary.BOS, DemoVocabulary.EOS,
                DemoVocabulary.PAD, Set.of(DemoVocabulary.UNK, DemoVocabulary.BOS, DemoVocabulary.EOS,
                        DemoVocabulary.IMAGE, DemoVocabulary.PAD), MAX_POSITIONS);
    }
}
