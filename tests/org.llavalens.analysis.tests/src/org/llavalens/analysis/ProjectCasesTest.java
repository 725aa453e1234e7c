package org.llavalens.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.llavalens.attribution.report.AttributionSettings;
import org.llavalens.analysis.explain.CaseQuestion;
import org.llavalens.analysis.explain.ExplainRequest;
import org.llavalens.analysis.explain.LiveCase;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.annotation.CaseSnapshot;
import org.llavalens.annotation.model.Case;
import org.llavalens.attribution.method.MethodIds;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.result.AttributionRecord;
import org.llavalens.runtime.compute.ComputeSettings;

/**
 * A case of a project asked of the service and its results saved and read back: the question
 * carries the image's hash, results open main first, and a damaged file is named, not fatal.
 */
class ProjectCasesTest {

    private static AttributionRecord explain(LocalExplainService service, Path llava, CaseQuestion q, String method)
            throws Exception {
        try (LiveCase live = service.explain(new ExplainRequest(llava.toString(), q,
                AnalyzerSettings.of(AttributionSettings.of(List.of(method)))), new NullProgressMonitor())) {
            return live.explained().record();
        }
    }

    @Test
    void savedResultsReadBackMainFirstAndADamagedOneIsNamed(@TempDir Path dir) throws Exception {
        DemoProject demo = DemoProject.generate(dir.resolve("demo"), 1, false);
        try (AnnotationProject p = demo.project(dir.resolve("project"));
                LocalExplainService service = new LocalExplainService(ModelCatalog.anyFolder(), ComputeSettings.CPU_FP32,
                        MethodRegistry.builtIns(), 1)) {
            Case c = p.realm().call(() -> p.model().getDatasets().get(0).getCases().get(0));
            ProjectCases cases = new ProjectCases(p);
            CaseSnapshot s = CaseSnapshot.of(p, c);
            CaseQuestion q = cases.question(s);
            assertTrue(Files.isRegularFile(q.image()));
            assertEquals("sha256:" + s.imageSha256(), q.imageHash());
            assertEquals(s.question(), q.question());

            AttributionRecord main = explain(service, demo.llava, q, MethodIds.LOG_PROB_INCREASE);
            AttributionRecord extra = explain(service, demo.llava, q, MethodIds.AVERAGE_ATTENTION);
            cases.save(s, extra);
            cases.save(s, main);
            List<String> paths = CaseSnapshot.of(p, c).resultPaths();
            assertEquals(2, paths.size());

            Map<String, String> unreadable = new LinkedHashMap<>();
            ProjectCases.Stored stored = cases.load(CaseSnapshot.of(p, c), demo.llava, unreadable);
            assertTrue(unreadable.isEmpty(), unreadable.toString());
            assertEquals(List.of(main.createdAt(), extra.createdAt()),
                    stored.records().stream().map(AttributionRecord::createdAt).toList(),
                    "the record with head scores comes first, though saved last");
            assertEquals(main.provenance().inputIds().length, stored.tokens().size());

            Files.writeString(p.paths().resolve(paths.get(0)), "{ not json");
            stored = cases.load(CaseSnapshot.of(p, c), demo.llava, unreadable);
            assertEquals(List.of(paths.get(0)), List.copyOf(unreadable.keySet()));
            assertEquals(List.of(main.createdAt()), stored.records().stream().map(AttributionRecord::createdAt).toList());
            assertNull(cases.load(new CaseSnapshot(s.id(), s.image(), s.imageSha256(), s.question(), s.answerPrefix(),
                    s.targetToken(), s.modelAnswer(), s.attributes(), List.of()), demo.llava, unreadable));
        }
    }
}
