/** Image decoding (bounded) and CLIPImageProcessor-identical preprocessing with the crop geometry. */
package org.llavalens.runtime.image;
