package org.llavalens.analysis.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.CaseAnalyzer;
import org.llavalens.analysis.DemoProject;
import org.llavalens.attribution.FrozenNormUnembedding;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.HeadId;
import org.llavalens.attribution.HeadScores;
import org.llavalens.attribution.LogProbIncrease;
import org.llavalens.attribution.Similarity;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.AverageAttentionMethod;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.attribution.report.PatchTokenTables;
import org.llavalens.attribution.result.MethodResult;
import org.llavalens.demo.scene.Animal;
import org.llavalens.demo.scene.Scene;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.model.LoadedModel;
import org.llavalens.runtime.model.ModelLoader;
import org.llavalens.runtime.text.PromptBuilder;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.runtime.trace.ForwardTrace;

/**
 * The explained-case service on the demo models: its record is the analysis layer's record, and
 * every follow-up agrees with the attribution engine run directly on the same pass.
 */
class LocalExplainServiceTest {

    @TempDir
    static Path dir;
    private static DemoProject demo;
    private static LocalExplainService service;
    private static LiveCase live;
    private static CaseQuestion question;

    private static AnalyzerSettings settings() {
        return new AnalyzerSettings(new AttributionSettings(
                MethodSelection.of(List.of(LogProbIncreaseMethod.ID, AverageAttentionMethod.ID)), HeadAggregation.TOP1,
                HeatmapStyle.DEFAULT, TokenTableChoices.ofHeads(3)), 0, false, CaptureSpec.ATTRIBUTION);
    }

    @BeforeAll
    static void explain() throws Exception {
        demo = DemoProject.generate(dir.resolve("demo"), 1, true);
        Scene scene = demo.sceneList.get(0);
        Animal animal = scene.animals().get(0);
        question = new CaseQuestion(demo.scenes.resolve(scene.fileName()), null,
                "There is a " + animal.answer() + " " + animal.species().word() + ".", animal.question(),
                animal.answerPrefix(), null);
        service = new LocalExplainService(ModelCatalog.ofFolders(List.of(demo.llava, demo.vicuna)),
                ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 2);
        live = service.explain(new ExplainRequest(demo.llava.getFileName().toString(), question, settings()),
                new NullProgressMonitor());
    }

    @AfterAll
    static void close() {
        if (live != null) {
            live.close();
        }
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theRecordIsTheAnalysisLayersRecord() {
        try (LoadedModel model = ModelLoader.load(demo.llava)) {
            CaseAnalyzer.Analysed direct = new CaseAnalyzer(model, MethodRegistry.builtIns(), settings())
                    .analyse(question, new NullProgressMonitor());
            ExplainedCase e = live.explained();
            assertEquals(direct.record().target(), e.target());
            assertEquals(direct.prompt(), e.prompt());
            MethodResult a = direct.record().method(LogProbIncreaseMethod.ID).orElseThrow();
            MethodResult b = e.headMethod().orElseThrow();
            for (int l = 0; l < a.headScores().numLayers(); l++) {
                assertArrayEquals(a.headScores().layer(l), b.headScores().layer(l), 0.0, "layer " + l);
            }
            assertArrayEquals(a.imageScores().toArray(), b.imageScores().toArray(), 0.0);
            assertEquals(direct.trace().inputIds().length, e.tokens().size());
        }
    }

    @Test
    void aMapOfTheKeptHeadIsTheKeptMapToTheLastBit() {
        ExplainedCase e = live.explained();
        HeadMap map = live.map(HeadAggregation.TOP1, new NullProgressMonitor());
        HeadId top = e.headScores().orElseThrow().top(1).get(0);
        assertEquals(List.of(top), map.heads());
        assertArrayEquals(e.positionScores().get(top).toArray(), map.positions().get(top), 0.0);
        assertArrayEquals(e.headMethod().orElseThrow().imageScores().toArray(), map.image().orElseThrow().raw(), 0.0);
        assertTrue(map.label().contains(top.toString()), map.label());
    }

    @Test
    void aMapOfOtherHeadsIsTheEnginesSumOverThem() {
        HeadScores scores = live.explained().headScores().orElseThrow();
        HeadMap map = live.map(HeadAggregation.parse("topK:3"), new NullProgressMonitor());
        assertEquals(scores.top(3), map.heads());
        try (LoadedModel model = ModelLoader.load(demo.llava)) {
            ForwardTrace t = model.forward(model.prepare(question.image(),
                    PromptBuilder.llava(question.question(), question.answerPrefix()), false), CaptureSpec.ATTRIBUTION,
                    new NullProgressMonitor());
            LogProbIncrease engine = new LogProbIncrease(t, FrozenNormUnembedding.of(t), live.explained().target().id());
            engine.headAndLayerScores();
            double[] expected = new double[map.image().orElseThrow().raw().length];
            int first = t.imageSpan().orElseThrow().firstPatch();
            for (HeadId h : scores.top(3)) {
                double[] s = engine.positionScores(h);
                for (int k = 0; k < expected.length; k++) {
                    expected[k] += s[first + k];
                }
            }
            assertArrayEquals(expected, map.image().orElseThrow().raw(), 1e-12);
        }
    }

    @Test
    void nextTokensEndWithTheExplainedAnswer() {
        NextTokens next = live.nextTokens(new NullProgressMonitor());
        assertEquals(live.explained().tokens().size(), next.length());
        assertEquals(live.explained().target().id(), next.ids()[next.length() - 1]);
    }

    @Test
    void tablesOfAPositionAndOfAPatch() {
        int last = live.explained().tokens().size() - 1;
        PositionTables p = live.position(last, new NullProgressMonitor());
        assertTrue(p.label().startsWith("position " + last + " (text: "), p.label());
        assertFalse(p.tables().isEmpty());
        HeadId head = live.explained().headScores().orElseThrow().top(1).get(0);
        PatchTables patch = live.patch(0, head, new NullProgressMonitor());
        assertEquals(List.of(PatchTokenTables.LAYER_INPUT, PatchTokenTables.ATTENTION_WRITTEN,
                PatchTokenTables.MLP_WRITTEN, PatchTokenTables.headTable(head), PatchTokenTables.EMBEDDING),
                List.copyOf(patch.tables().keySet()));
        assertThrows(ExplainException.NotAnswerable.class, () -> live.patch(100_000, null, new NullProgressMonitor()));
        EmbeddingTable cosine = live.embedding(Similarity.COSINE, new NullProgressMonitor());
        assertFalse(cosine.rows().isEmpty());
    }

    @Test
    void theComparisonsVisualPanelIsTheCasesOwnHeadMap() throws Exception {
        Comparison c = service.compare(new CompareRequest("case-1", demo.llava.getFileName().toString(),
                demo.vicuna.getFileName().toString(), question, null, CompareTarget.LLAVA_VISUAL),
                new NullProgressMonitor());
        assertEquals(3, c.panels().size());
        assertEquals("case-1", c.name());
        Comparison.Panel visual = c.panels().get(2);
        HeadScores own = live.explained().headScores().orElseThrow();
        for (int l = 0; l < own.numLayers(); l++) {
            assertArrayEquals(own.raw()[l], visual.headScores().raw()[l], 0.0, "layer " + l);
        }
        assertEquals(1.0, visual.explainedRank());
        Comparison mean = Comparison.mean("two", List.of(c, c));
        assertArrayEquals(visual.headScores().raw()[0], mean.panels().get(2).headScores().raw()[0], 1e-15);
    }

    @Test
    void aCaseWithoutItsSceneAsTextIsRefusedByItsName() {
        CaseQuestion noScene = new CaseQuestion(question.image(), question.imageHash(), null, question.question(),
                question.answerPrefix(), question.target());
        ExplainException.NotAnswerable e = assertThrows(ExplainException.NotAnswerable.class,
                () -> service.compare(new CompareRequest("case-7", demo.llava.getFileName().toString(),
                        demo.vicuna.getFileName().toString(), noScene, null, CompareTarget.OWN),
                        new NullProgressMonitor()));
        assertEquals("case case-7 has no text description of its scene (its 'context'), so it cannot be asked as"
                + " text QA", e.getMessage());
    }

    @Test
    void aModelIdIsLookedUpNeverResolved() {
        ModelCatalog host = ModelCatalog.ofFolders(List.of(demo.llava));
        assertThrows(ExplainException.UnknownModel.class, () -> host.folder("../" + demo.llava.getFileName()));
        assertThrows(ExplainException.UnknownModel.class, () -> host.folder(demo.llava.toString()));
        assertEquals(demo.llava.toAbsolutePath().normalize(), host.folder(demo.llava.getFileName().toString()));
        List<ModelInfo> models = new LocalExplainService(host, ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 1)
                .models();
        assertEquals(1, models.size());
        assertEquals(ModelInfo.Kind.LLAVA, models.get(0).kind());
    }

    @Test
    void aTargetThatIsNoTokenIsABadTarget() {
        assertThrows(ExplainException.BadTarget.class, () -> service.explain(new ExplainRequest(
                demo.llava.getFileName().toString(), question.withTarget("qqqzzzxx-not-a-word"), settings()),
                new NullProgressMonitor()));
    }
}
