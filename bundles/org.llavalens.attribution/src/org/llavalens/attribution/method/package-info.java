/**
 * Attribution methods as contributions of the extension point {@code org.llavalens.attribution.methods}:
 * the method API, the lazily loading registry, and the runner that isolates failing or malformed methods.
 */
package org.llavalens.attribution.method;
