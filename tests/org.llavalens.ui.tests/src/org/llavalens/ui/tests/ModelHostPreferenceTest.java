package org.llavalens.ui.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.report.TokenTableChoices;
import org.llavalens.attribution.report.MethodSelection;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.analysis.AnalyzerSettings;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.ExplainService;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.HeadAggregation;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.builtin.LogProbIncreaseMethod;
import org.llavalens.attribution.render.HeatmapStyle;
import org.llavalens.client.RemoteExplainService;
import org.llavalens.demo.DemoCase;
import org.llavalens.demo.DemoGenerator;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.trace.CaptureSpec;
import org.llavalens.server.HostOptions;
import org.llavalens.server.LensServer;
import org.llavalens.server.ModelHost;
import org.llavalens.ui.prefs.LensPreferences;
import org.llavalens.ui.session.ExplainServices;

/**
 * The model-host preference picks the workbench's service: the folders here, or a host with the
 * annotator's token, whose record for the demo case is the local one (head scores equal).
 */
class ModelHostPreferenceTest {

    @TempDir
    Path temp;

    @Test
    void theHostPreferenceGivesTheHostsServiceAndTheSameRecord() throws Exception {
        DemoCase demo = DemoCase.generate(temp, false);
        Path llava = demo.llava();
        CaseQuestion q = new CaseQuestion(demo.image(), null, null, demo.question(), demo.answerPrefix(), null);
        AnalyzerSettings settings = AnalyzerSettings.of(new AttributionSettings(
                MethodSelection.of(List.of(LogProbIncreaseMethod.ID)), HeadAggregation.TOP1, HeatmapStyle.DEFAULT,
                TokenTableChoices.ofHeads(1)));
        Path tokens = Files.writeString(temp.resolve("tokens.txt"), "dora-token-31415926 Dora\n");
        HostOptions options = HostOptions.local(List.of(llava), 0, tokens);
        var store = LensPreferences.store();
        try (LensServer server = LensServer.start(new ModelHost(new LocalExplainService(ModelCatalog.ofFolders(
                List.of(llava)), ComputeSettings.CPU_FP32, MethodRegistry.builtIns(), 1), options), options, null)) {
            store.setValue(LensPreferences.MODEL_HOST, "local");
            double[][] here;
            try (ExplainService local = ExplainServices.create();
                    LiveCase c = local.explain(new ExplainRequest(ExplainServices.modelId(llava), q, settings),
                            new NullProgressMonitor())) {
                assertInstanceOf(LocalExplainService.class, local);
                here = c.explained().headScores().orElseThrow().raw();
            }
            store.setValue(LensPreferences.MODEL_HOST, "server");
            store.setValue(LensPreferences.SERVER_URL, server.uri().toString());
            store.setValue(LensPreferences.SERVER_TOKEN, "dora-token-31415926");
            try (ExplainService remote = ExplainServices.create();
                    LiveCase c = remote.explain(new ExplainRequest(ExplainServices.modelId(llava), q, settings),
                            new NullProgressMonitor())) {
                assertInstanceOf(RemoteExplainService.class, remote);
                assertEquals(DemoGenerator.LLAVA, ExplainServices.modelId(llava));
                double[][] there = c.explained().headScores().orElseThrow().raw();
                for (int l = 0; l < here.length; l++) {
                    assertArrayEquals(here[l], there[l], 0.0, "layer " + l);
                }
            }
            store.setValue(LensPreferences.SERVER_URL, "gpu-box:8765");
            assertThrows(IllegalArgumentException.class, ExplainServices::create);
        } finally {
            store.setToDefault(LensPreferences.MODEL_HOST);
            store.setToDefault(LensPreferences.SERVER_URL);
            store.setToDefault(LensPreferences.SERVER_TOKEN);
        }
    }
}
