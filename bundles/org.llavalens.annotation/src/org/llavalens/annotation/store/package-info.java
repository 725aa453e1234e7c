/** How a project folder is written and read safely: atomic files, the lock, confined XMI, paths. */
package org.llavalens.annotation.store;
