/** Inter-annotator agreement: Cohen's and Fleiss' kappa, confusion tables, disagreements. */
package org.llavalens.annotation.agreement;
