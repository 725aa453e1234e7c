package org.llavalens.annotation.tests;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.method.MethodOutput;
import org.llavalens.attribution.result.DisplaySettings;
import org.llavalens.attribution.result.ForwardTimings;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.EvidenceSpec;
import org.llavalens.annotation.LabelService;
import org.llavalens.annotation.ResultAttachments;
import org.llavalens.annotation.Taxonomies;
import org.llavalens.annotation.io.QuestionImporter;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.TargetToken;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.attribution.result.Provenance;
import org.llavalens.attribution.result.ResultJson;
import org.llavalens.runtime.image.CropGeometry;

/**
 * A labelled project as the exports meet it: a 600 x 400 picture asked about twice (POPE questions 1
 * and 2) and a 300 x 300 one (question 3); question 1 has an attribution result whose crop geometry is
 * LLaVA's centre crop (shortest side to 336, so 504 x 336, cropped at x 84) with head 2_3 dominant,
 * and two labels: alice's with evidence patches 0, 1, 24, 25 (the crop's top-left 28 x 28 pixels) and
 * head 2_3, bob's without evidence. Question 2 and 3 are unlabelled.
 */
final class ExportFixture {

    static final int WIDE_W = 600;
    static final int WIDE_H = 400;

    private ExportFixture() {
    }

    static AnnotationProject create(Path tmp) throws Exception {
        Path images = Files.createDirectories(tmp.resolve("pictures"));
        ImageIO.write(new BufferedImage(WIDE_W, WIDE_H, BufferedImage.TYPE_INT_RGB), "png",
                images.resolve("street.png").toFile());
        ImageIO.write(new BufferedImage(300, 300, BufferedImage.TYPE_INT_RGB), "png",
                images.resolve("cat.png").toFile());
        Path questions = tmp.resolve("pope.jsonl");
        Files.writeString(questions, """
                {"question_id": 1, "image": "street.png", "text": "Is there a bus in the image?", "label": "yes"}
                {"question_id": 2, "image": "street.png", "text": "=SUM(A1) is a sign in the image?", "label": "no"}
                {"question_id": 3, "image": "cat.png", "text": "Is there a cat in the image?", "label": "yes"}
                """, StandardCharsets.UTF_8);
        AnnotationProject p = AnnotationProject.create(tmp.resolve("project"), "exports");
        QuestionImporter.run(p, images, questions,
                new QuestionImporter.Options(null, null, QuestionImporter.Format.POPE, false), null);
        Case c1 = p.findCase("pope-1");
        new LabelService(p).setModelOutput(c1, "Yes", "Yes");
        Path result = tmp.resolve("result.json");
        ResultJson.write(record(), result);
        String resultId = ResultAttachments.attach(p, c1, result, List.of(), null).getId();
        LabelService s = new LabelService(p);
        s.setLabel(c1, "alice", Taxonomies.TOO_FEW_PATCHES, 0.9, "only half the bus",
                new EvidenceSpec(resultId, Map.of("method", "logprob-increase"), List.of(0, 1, 24, 25),
                        List.of(new EvidenceSpec.Head(2, 3))));
        s.setLabel(c1, "bob", Taxonomies.WRONG_OBJECT, 1.0, null, null);
        p.save();
        return p;
    }

    /** A result of logprob-increase over a 4 x 4 head grid where head 2_3 holds 6 of the 8 positive units. */
    static AttributionRecord record() {
        double[][] heads = new double[4][4];
        heads[2][3] = 6;
        heads[1][0] = 2;
        heads[0][1] = -1;
        double[] patches = new double[24 * 24];
        patches[25] = 1;
        CropGeometry crop = new CropGeometry(WIDE_W, WIDE_H, 0, 0, WIDE_W, WIDE_H, 504, 336, 84, 0, 336, 336);
        Provenance prov = new Provenance("llava-hf/llava-1.5-7b-hf", "abcdef0123456789", "f32", "USER: ...",
                new int[] {1, 2, 3}, null, crop, new int[] {1, 577}, 24);
        MethodResult m = MethodResult.success("logprob-increase", "log-probability increase", Map.of(),
                MethodOutput.ofHeads(new HeadScores(heads)).withImage(patches), 1.0);
        return new AttributionRecord(AttributionRecord.FORMAT, "2026-12-01T00:00:00Z", prov,
                new TargetToken(3869, "Yes", TargetToken.ARGMAX), DisplaySettings.fromText(Map.of()), null, List.of(m),
                Map.of(), ForwardTimings.NONE);
    }
}
