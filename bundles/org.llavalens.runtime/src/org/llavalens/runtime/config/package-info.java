/** Model configuration: config.json (full and hub-minimal forms) with Hugging Face defaults, preprocessor_config.json. */
package org.llavalens.runtime.config;
