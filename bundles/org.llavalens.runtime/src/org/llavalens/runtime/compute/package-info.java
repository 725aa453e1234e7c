/**
 * Where and in what precision models run ({@link org.llavalens.runtime.compute.ComputeSettings}):
 * typed settings read from the command line or the preferences and passed down to the runtime.
 */
package org.llavalens.runtime.compute;
