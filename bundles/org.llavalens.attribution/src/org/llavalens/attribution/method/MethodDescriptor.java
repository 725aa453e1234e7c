package org.llavalens.attribution.method;

/** What the registry knows of a method before instantiating it (from plugin.xml). */
public record MethodDescriptor(String id, String label, Produces produces, String description, String contributor) {
}
