import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.eclipse.emf.codegen.ecore.generator.Generator;
import org.eclipse.emf.codegen.ecore.genmodel.GenModel;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelFactory;
import org.eclipse.emf.codegen.ecore.genmodel.GenModelPackage;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenBaseGeneratorAdapter;
import org.eclipse.emf.codegen.ecore.genmodel.generator.GenModelGeneratorAdapterFactory;
import org.eclipse.emf.common.util.BasicMonitor;
import org.eclipse.emf.common.util.Diagnostic;
import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.EPackage;
import org.eclipse.emf.ecore.EcorePackage;
import org.eclipse.emf.ecore.plugin.EcorePlugin;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.URIConverter;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.impl.EcoreResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;

/**
 * Generates the EMF model code of a bundle outside the IDE (run by the build at generate-sources
 * as a single-file Java program with the EMF codegen jars on the class path).
 *
 * <p>usage: {@code java -cp CODEGEN GenerateModel.java BUNDLE_DIR BUNDLE_NAME model/x.genmodel [--refresh-genmodel]}
 *
 * <p>Outside Eclipse the generator resolves {@code platform:/resource/<bundle>/} through
 * {@link EcorePlugin#getPlatformResourceMap()} and writes through {@link URIConverter#URI_MAP}; without
 * both mappings and the hand-registered adapter factory it reports OK and writes nothing, so this
 * program checks that the output folder is non-empty afterwards.
 *
 * <p>{@code --refresh-genmodel} rebuilds the genmodel's class and feature entries from the .ecore,
 * keeping its settings (what the IDE's "Reload" does), and rewrites the .genmodel file.
 */
public final class GenerateModel {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: GenerateModel BUNDLE_DIR BUNDLE_NAME GENMODEL [--refresh-genmodel]");
        }
        Path bundleDir = Path.of(args[0]).toAbsolutePath().normalize();
        String bundle = args[1];
        String genModelPath = args[2];
        boolean refresh = args.length > 3 && args[3].equals("--refresh-genmodel");

        // The generator also writes plugin.xml, plugin.properties and build.properties next to the
        // model code: let it write into a scratch copy of the bundle and keep only the Java code.
        Path scratch = bundleDir.resolve("target/emf-gen");
        deleteTree(scratch);
        Files.createDirectories(scratch);
        URI folder = URI.createFileURI(scratch.toString() + "/");
        EcorePlugin.getPlatformResourceMap().put(bundle, folder);
        URIConverter.URI_MAP.put(URI.createPlatformResourceURI("/" + bundle + "/", false), folder);
        GenModelPackage.eINSTANCE.eClass();
        org.eclipse.emf.codegen.ecore.generator.GeneratorAdapterFactory.Descriptor.Registry.INSTANCE
                .addDescriptor(GenModelPackage.eNS_URI, GenModelGeneratorAdapterFactory.DESCRIPTOR);

        ResourceSet rs = new ResourceSetImpl();
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("ecore", new EcoreResourceFactoryImpl());
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("genmodel", new XMIResourceFactoryImpl());
        rs.getPackageRegistry().put(GenModelPackage.eNS_URI, GenModelPackage.eINSTANCE);
        rs.getPackageRegistry().put(EcorePackage.eNS_URI, EcorePackage.eINSTANCE);

        URI genModelUri = URI.createFileURI(bundleDir.resolve(genModelPath).toString());
        Resource genModelResource = rs.getResource(genModelUri, true);
        GenModel genModel = (GenModel) genModelResource.getContents().get(0);

        if (refresh) {
            refresh(rs, genModelResource, genModel);
            return;
        }

        genModel.reconcile();
        genModel.setCanGenerate(true);
        Diagnostic valid = genModel.diagnose();
        if (valid.getSeverity() == Diagnostic.ERROR) {
            throw new IllegalStateException("invalid genmodel: " + valid);
        }

        String modelDirectory = genModel.getModelDirectory().replaceFirst("^/" + bundle + "/", "");
        Path generated = scratch.resolve(modelDirectory);
        Path out = bundleDir.resolve(modelDirectory);

        Generator generator = new Generator();
        generator.setInput(genModel);
        Diagnostic result = generator.generate(genModel, GenBaseGeneratorAdapter.MODEL_PROJECT_TYPE,
                new BasicMonitor.Printing(System.out));
        if (result.getSeverity() == Diagnostic.ERROR) {
            throw new IllegalStateException("generation failed: " + result);
        }
        deleteTree(out);
        copyTree(generated, out);
        long files;
        try (Stream<Path> s = Files.walk(out)) {
            files = s.filter(p -> p.toString().endsWith(".java")).count();
        }
        if (files == 0) {
            throw new IllegalStateException("the generator reported " + result.getMessage()
                    + " but wrote no Java file under " + out);
        }
        System.out.println("GenerateModel: " + files + " Java files in " + out);
    }

    private static void refresh(ResourceSet rs, Resource genModelResource, GenModel old) throws IOException {
        List<EPackage> packages = old.getGenPackages().stream().map(p -> p.getEcorePackage()).toList();
        GenModel fresh = GenModelFactory.eINSTANCE.createGenModel();
        fresh.initialize(packages);
        fresh.reconcile(old);
        fresh.getForeignModel().addAll(old.getForeignModel());
        genModelResource.getContents().set(0, fresh);
        genModelResource.save(null);
        System.out.println("GenerateModel: refreshed " + genModelResource.getURI());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("the generator wrote nothing under " + from);
        }
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
