/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.integratedpipeline.servlet;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.servlet.PipelineModules.ModuleDefinition;

/**
 * The module instances that belong to one request, as IIS creates a module per request: a
 * prototype module bean (or one of another scope) is created when the request first
 * notifies it, then serves that request alone and is disposed when it ends. Only requests
 * that notify such a module have one of these; a singleton module is never held here.
 *
 * @author Integrated Pipeline team
 */
final class RequestInstances {

	private static final Log logger = LogFactory.getLog(RequestInstances.class);

	private final PipelineModules modules;

	private final ModuleDefinition[] definitions;

	private final @Nullable PipelineModule[] instances;

	RequestInstances(PipelineModules modules, ModuleDefinition[] definitions) {
		this.modules = modules;
		this.definitions = definitions;
		this.instances = new PipelineModule[definitions.length];
	}

	/**
	 * Return the request's instance of a module, created on first use.
	 * @param module the module's index
	 * @return the instance
	 */
	PipelineModule get(int module) {
		PipelineModule instance = this.instances[module];
		if (instance == null) {
			instance = this.modules.instantiate(this.definitions[module]);
			this.instances[module] = instance;
		}
		return instance;
	}

	/**
	 * Dispose of the prototype instances, once the request ended; a module that fails to
	 * is logged, and the others are disposed all the same.
	 */
	void dispose() {
		for (int module = 0; module < this.definitions.length; module++) {
			PipelineModule instance = this.instances[module];
			if (instance != null && this.definitions[module].prototype()) {
				try {
					instance.dispose();
				}
				catch (RuntimeException ex) {
					logger.error("Pipeline module '" + this.definitions[module].name() + "' failed to dispose", ex);
				}
			}
		}
	}

}
