package org.llavalens.analysis.explain;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.eclipse.core.runtime.SubMonitor;
import org.llavalens.analysis.CaseAnalyzer;
import org.llavalens.analysis.batch.BatchListener;
import org.llavalens.analysis.batch.BatchRun;
import org.llavalens.analysis.batch.BatchSettings;
import org.llavalens.analysis.experiment.CaseMeasures;
import org.llavalens.analysis.experiment.ColorQaExperiment;
import org.llavalens.annotation.AnnotationProject;
import org.llavalens.attribution.method.MethodRegistry;
import org.llavalens.runtime.compute.ComputeSettings;
import org.llavalens.runtime.model.LoadedModel;

/**
 * The explained-case service in this process: models from a {@link ModelCatalog}, loaded once into
 * a {@link ModelPool} on one device and precision, each case through the analysis layer's
 * {@link CaseAnalyzer} and the methods of one {@link MethodRegistry}.
 */
public final class LocalExplainService implements ExplainService {

    private final ModelCatalog catalog;
    private final ComputeSettings compute;
    private final MethodRegistry registry;
    private final ModelPool pool;
    private final Map<Path, TokenTexts> texts = new ConcurrentHashMap<>();

    /**
     * @param poolCapacity models kept loaded at once (two for the comparison of LLaVA and Vicuna)
     */
    public LocalExplainService(ModelCatalog catalog, ComputeSettings compute, MethodRegistry registry,
            int poolCapacity) {
        this.catalog = catalog;
        this.compute = compute;
        this.registry = registry;
        this.pool = new ModelPool(poolCapacity);
    }

    /**
     * The service a front end runs locally: the platform's methods, models on {@code compute}, two
     * kept loaded (LLaVA and Vicuna for the comparison).
     */
    public static LocalExplainService of(ModelCatalog catalog, ComputeChoice compute) {
        return new LocalExplainService(catalog, compute.settings(), MethodRegistry.fromPlatform(), 2);
    }

    /**
     * A service over models the caller already loaded (named by their folders' paths) and closes
     * itself after the service: the workbench's batch runs on the session's model this way.
     */
    public static LocalExplainService over(MethodRegistry registry, List<LoadedModel> loaded) {
        LocalExplainService s = new LocalExplainService(ModelCatalog.anyFolder(), ComputeSettings.CPU_FP32, registry,
                Math.max(1, loaded.size()));
        loaded.forEach(s.pool::borrow);
        return s;
    }

    /** The model {@code id} names (loaded if it is not yet): its kind, size and weights hash. */
    @Override
    public ModelInfo info(String id) {
        return withModel(catalog.folder(id), m -> info(id, m));
    }

    public MethodRegistry registry() {
        return registry;
    }

    public ComputeSettings compute() {
        return compute;
    }

    /** Loads every model of the catalog (a host does so at start: each model is loaded once and kept). */
    @Override
    public List<ModelInfo> models() {
        List<ModelInfo> out = new ArrayList<>();
        for (String id : catalog.ids()) {
            try (ModelPool.Lease lease = pool.lease(catalog.folder(id), compute)) {
                out.add(info(id, lease.model()));
            }
        }
        return out;
    }

    static ModelInfo info(String id, LoadedModel m) {
        var text = m.config().text();
        return new ModelInfo(id, m.config().isLlava() ? ModelInfo.Kind.LLAVA : ModelInfo.Kind.VICUNA, text.numLayers(),
                text.numHeads(), m.weightsHash());
    }

    @Override
    public LiveCase explain(ExplainRequest request, IProgressMonitor monitor) throws IOException {
        SubMonitor sub = SubMonitor.convert(monitor, "Explaining", 100);
        registry.checkParameters(request.settings().methods(), request.settings().attribution().methods().settings());
        Path folder = catalog.folder(request.model());
        sub.subTask("Loading the model");
        try (ModelPool.Lease lease = pool.lease(folder, compute)) {
            sub.worked(10);
            LoadedModel model = lease.model();
            CaseAnalyzer.Analysed a = new CaseAnalyzer(model, registry, request.settings())
                    .analyse(request.question(), sub.split(90));
            TokenTexts vocabulary = texts(folder, model);
            ExplainedCase explained = new ExplainedCase(a.record(), a.prompt(), a.answer(),
                    vocabulary.tokens(a.trace().inputIds()));
            return new LocalLiveCase(this, folder, request, explained, a.crop(), a.trace(), a.capture(), vocabulary);
        }
    }

    /** One forward pass on the model the request names, exported as {@code ./llavalens trace} writes it. */
    @Override
    public TraceFiles trace(TraceRequest request, IProgressMonitor monitor) throws IOException {
        try (ModelPool.Lease lease = pool.lease(catalog.folder(request.model()), compute)) {
            return TraceExporter.export(lease.model(), request, monitor);
        }
    }

    /** Both models leased for the case (a pool of two keeps them loaded between cases). */
    @Override
    public CaseMeasures colorQa(ColorQaRequest request, IProgressMonitor monitor) {
        try (ModelPool.Lease llava = pool.lease(catalog.folder(request.llava()), compute);
                ModelPool.Lease vicuna = pool.lease(catalog.folder(request.vicuna()), compute)) {
            ColorQaExperiment experiment;
            try {
                experiment = new ColorQaExperiment(llava.model(), vicuna.model(), request.options());
            } catch (IllegalArgumentException e) {
                throw new ExplainException.NotAnswerable(e.getMessage());
            }
            try {
                return experiment.measure(request.theCase(), monitor);
            } catch (ExplainException | OperationCanceledException e) {
                throw e;
            } catch (RuntimeException e) {
                // the case's own failure (a word that is not one token, ...): the same one line here and on a host
                throw new ExplainException.NotAnswerable(e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage());
            }
        }
    }

    /**
     * Runs the project's resumable batch over every case on the model {@code model} names (one load;
     * cases an earlier run finished are kept).
     */
    public BatchRun.Summary batch(AnnotationProject project, String model, BatchSettings settings,
            BatchListener listener, IProgressMonitor monitor) throws IOException {
        try (ModelPool.Lease lease = pool.lease(catalog.folder(model), compute)) {
            return new BatchRun(project, lease.model(), null, registry, settings).run(0, listener, monitor);
        }
    }

    /** Runs {@code work} on the model of {@code folder} (loaded again if it was closed meanwhile). */
    <T> T withModel(Path folder, java.util.function.Function<LoadedModel, T> work) {
        try (ModelPool.Lease lease = pool.lease(folder, compute)) {
            return work.apply(lease.model());
        }
    }

    TokenTexts texts(Path folder, LoadedModel model) {
        return texts.computeIfAbsent(folder, f -> TokenTexts.of(model));
    }

    @Override
    public Comparison compare(CompareRequest request, IProgressMonitor monitor) throws IOException {
        return new ThreeWayComparison(this, catalog.folder(request.llava()), catalog.folder(request.vicuna()))
                .compare(request, monitor);
    }

    @Override
    public void close() {
        pool.close();
    }
}
