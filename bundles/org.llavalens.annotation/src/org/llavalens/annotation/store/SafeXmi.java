package org.llavalens.annotation.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import javax.xml.XMLConstants;

import org.eclipse.emf.common.util.URI;
import org.eclipse.emf.ecore.resource.Resource;
import org.eclipse.emf.ecore.resource.ResourceSet;
import org.eclipse.emf.ecore.resource.impl.ExtensibleURIConverterImpl;
import org.eclipse.emf.ecore.resource.impl.ResourceSetImpl;
import org.eclipse.emf.ecore.xmi.XMLResource;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceFactoryImpl;
import org.eclipse.emf.ecore.xmi.impl.XMIResourceImpl;
import org.llavalens.annotation.model.AnnotationPackage;

/**
 * The XMI resources of a project: loaded without DTDs or external entities, through a URI converter
 * that reads and writes only inside the project folder (so neither an {@code href} nor an
 * {@code xsi:schemaLocation} in a hand-edited file can make EMF open another file), and saved in a
 * stable, line-per-attribute form that diffs well.
 */
public final class SafeXmi {

    private SafeXmi() {
    }

    public static ResourceSet resourceSet(Path projectDir) {
        ResourceSetImpl rs = new ResourceSetImpl();
        rs.getPackageRegistry().put(AnnotationPackage.eNS_URI, AnnotationPackage.eINSTANCE);
        rs.getResourceFactoryRegistry().getExtensionToFactoryMap().put("*", new XMIResourceFactoryImpl() {
            @Override
            public Resource createResource(URI uri) {
                XMIResourceImpl r = new XMIResourceImpl(uri);
                r.getDefaultLoadOptions().putAll(loadOptions());
                r.getDefaultSaveOptions().putAll(saveOptions());
                r.setTrackingModification(true);
                return r;
            }
        });
        rs.setURIConverter(new ConfinedURIConverter(projectDir));
        return rs;
    }

    public static Map<Object, Object> loadOptions() {
        Map<Object, Object> o = new HashMap<>();
        Map<String, Boolean> features = new HashMap<>();
        features.put("http://apache.org/xml/features/disallow-doctype-decl", Boolean.TRUE);
        features.put("http://xml.org/sax/features/external-general-entities", Boolean.FALSE);
        features.put("http://xml.org/sax/features/external-parameter-entities", Boolean.FALSE);
        features.put("http://apache.org/xml/features/nonvalidating/load-external-dtd", Boolean.FALSE);
        features.put(XMLConstants.FEATURE_SECURE_PROCESSING, Boolean.TRUE);
        o.put(XMLResource.OPTION_PARSER_FEATURES, features);
        Map<String, Object> properties = new HashMap<>();
        properties.put(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        properties.put(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        o.put(XMLResource.OPTION_PARSER_PROPERTIES, properties);
        o.put(XMLResource.OPTION_DEFER_IDREF_RESOLUTION, Boolean.TRUE);
        return o;
    }

    public static Map<Object, Object> saveOptions() {
        Map<Object, Object> o = new HashMap<>();
        o.put(XMLResource.OPTION_ENCODING, "UTF-8");
        o.put(XMLResource.OPTION_LINE_WIDTH, Integer.valueOf(100));
        o.put(XMLResource.OPTION_SCHEMA_LOCATION, Boolean.FALSE);
        return o;
    }

    public static byte[] serialize(Resource resource) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        resource.save(out, null);
        return out.toByteArray();
    }

    /** Loads {@code bytes} into {@code resource}; any parse problem is an exception, never a partial model. */
    public static void deserialize(Resource resource, byte[] bytes) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes)) {
            resource.load(in, null);
        } catch (RuntimeException e) {
            resource.unload();
            throw new IOException(e.getMessage(), e);
        } catch (IOException e) {
            resource.unload();
            throw e;
        }
        if (!resource.getErrors().isEmpty()) {
            String first = resource.getErrors().get(0).getMessage();
            resource.unload();
            throw new IOException(first);
        }
    }

    /** Refuses every URI that is not a file inside the project folder. */
    static final class ConfinedURIConverter extends ExtensibleURIConverterImpl {
        private final Path root;

        ConfinedURIConverter(Path root) {
            this.root = root.toAbsolutePath().normalize();
        }

        private void check(URI uri) throws IOException {
            URI n = normalize(uri);
            if (!n.isFile()) {
                throw new IOException("refusing to open " + uri + ": only files inside the project are read");
            }
            Path p = Path.of(n.toFileString()).toAbsolutePath().normalize();
            if (!p.startsWith(root)) {
                throw new IOException("refusing to open " + uri + ": it is outside the project folder " + root);
            }
            ProjectPaths.inside(root, root.relativize(p).toString());
        }

        @Override
        public InputStream createInputStream(URI uri, Map<?, ?> options) throws IOException {
            check(uri);
            return super.createInputStream(uri, options);
        }

        @Override
        public OutputStream createOutputStream(URI uri, Map<?, ?> options) throws IOException {
            check(uri);
            return super.createOutputStream(uri, options);
        }
    }
}
