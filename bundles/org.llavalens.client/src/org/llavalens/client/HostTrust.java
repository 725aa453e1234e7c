package org.llavalens.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.function.UnaryOperator;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Which certificates a client trusts for an HTTPS host: the JVM's certificate authorities (a host
 * behind a reverse proxy with a public certificate), or the certificates of one file (a host
 * started with {@code --keystore} and a self-made certificate). Clients read the file from
 * {@value #ENV}; docs/server.md says how to export it from the host's keystore.
 *
 * @param certificates a PEM or DER file of the certificates to trust (as {@code keytool -exportcert}
 *                     writes it), or null for the JVM's authorities
 */
public record HostTrust(Path certificates) {

    /** The environment variable the CLI and the workbench read. */
    public static final String ENV = "LLAVALENS_TRUST";

    public static final HostTrust JVM_DEFAULT = new HostTrust(null);

    /** As {@value #ENV} says (unset or empty: the JVM's authorities). */
    public static HostTrust fromEnvironment() {
        return from(System::getenv);
    }

    /** As {@code environment} (a variable's value, or null when unset) says. */
    public static HostTrust from(UnaryOperator<String> environment) {
        String file = environment.apply(ENV);
        return file == null || file.isBlank() ? JVM_DEFAULT : new HostTrust(Path.of(file.strip()));
    }

    /**
     * The TLS context of the client's connections.
     *
     * @throws IOException naming the file and {@value #ENV} if it cannot be read as certificates
     */
    SSLContext context() throws IOException {
        try {
            if (certificates == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            Collection<? extends Certificate> read;
            try (InputStream in = Files.newInputStream(certificates)) {
                read = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (read.isEmpty()) {
                throw new GeneralSecurityException("no certificate in it");
            }
            int i = 0;
            for (Certificate c : read) {
                trusted.setCertificateEntry("host-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, factory.getTrustManagers(), null);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot trust the certificates of " + certificates + " (" + ENV + "): "
                    + e.getMessage(), e);
        }
    }
}
