/** Tokenizer, prompt building and the image span in the ids. */
package org.llavalens.runtime.text;
