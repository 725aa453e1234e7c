package org.llavalens.spark;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.llavalens.analysis.batch.BatchCaseComputer;
import org.llavalens.analysis.batch.BatchJobSpec;
import org.llavalens.analysis.explain.LocalExplainService;
import org.llavalens.analysis.explain.ModelCatalog;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.attribution.method.MethodRunner;
import org.llavalens.runtime.compute.ComputeSettings;

/**
 * What an executor JVM keeps between tasks: one explain service per compute setting, whose pool loads
 * each model folder once, on the first task that needs it, and the batch function of each job. Tasks
 * running at once on one executor share the model; the pool's lease lets one of them compute at a time.
 * Outside OSGi the method registry holds the built-in methods (plug-ins come through the extension
 * registry, which a plain class path does not have).
 */
final class ExecutorModels {

    /** Explain services started in this JVM (each loads its models once): the tests count them. */
    static final AtomicInteger SERVICES_STARTED = new AtomicInteger();

    private static final Map<ComputeSettings, LocalExplainService> SERVICES = new HashMap<>();
    private static final Map<BatchJobSpec, BatchCaseComputer> COMPUTERS = new HashMap<>();

    private ExecutorModels() {
    }

    static synchronized BatchCaseComputer computer(BatchJobSpec spec) throws IOException {
        BatchCaseComputer c = COMPUTERS.get(spec);
        if (c != null) {
            return c;
        }
        MethodRunner.setProcessDeadline(Duration.ofSeconds(spec.methodDeadlineSeconds()));
        LocalExplainService service = SERVICES.computeIfAbsent(spec.compute(), compute -> {
            SERVICES_STARTED.incrementAndGet();
            return new LocalExplainService(ModelCatalog.anyFolder(), compute, MethodRegistry.builtIns(), 2);
        });
        c = new BatchCaseComputer(service, service.registry(), Path.of(spec.project()),
                BatchCaseComputer.folderId(Path.of(spec.model())),
                spec.textModel() == null ? null : BatchCaseComputer.folderId(Path.of(spec.textModel())), spec.settings());
        COMPUTERS.put(spec, c);
        return c;
    }
}
