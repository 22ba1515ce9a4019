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

import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.pipeline.PipelineContext;

/**
 * The integrated pipeline of one application: its modules, shared by the
 * {@link PipelineFilter}, the {@link PipelineAuthenticationFilter} and the
 * {@link PipelineHandlerInterceptor} that walk each request through it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class IntegratedPipeline {

	private final PipelineModules modules;

	private final ObjectProvider<? extends ChildEngine> children;

	private final PipelineTrace.Factory traces;

	// What each request's context reaches the child engine through, made once
	private final Supplier<ChildEngine> childEngine = this::childEngine;

	/**
	 * Create a pipeline.
	 * @param modules the modules
	 * @param children the child engine, if child requests are supported; looked up when a
	 * module first clones a context
	 * @param traces what records the traces of the requests passing this pipeline, if
	 * anything does; looked up now
	 */
	public IntegratedPipeline(PipelineModules modules, ObjectProvider<? extends ChildEngine> children,
			ObjectProvider<? extends PipelineTrace.Factory> traces) {
		Assert.notNull(modules, "'modules' must not be null");
		Assert.notNull(children, "'children' must not be null");
		Assert.notNull(traces, "'traces' must not be null");
		this.modules = modules;
		this.children = children;
		PipelineTrace.Factory factory = traces.getIfUnique();
		this.traces = (factory != null) ? factory : PipelineTrace.Factory.NONE;
	}

	/**
	 * Return the context of the request being processed, for a controller or a filter
	 * that wants to read the per-request state modules keep.
	 * @param request the request
	 * @return the context, or {@code null} when the request does not pass the pipeline
	 */
	public static @Nullable PipelineContext context(HttpServletRequest request) {
		return ServletPipelineContext.get(request);
	}

	PipelineModules modules() {
		return this.modules;
	}

	PipelineTrace.Factory traces() {
		return this.traces;
	}

	ChildEngine childEngine() {
		ChildEngine children = this.children.getIfAvailable();
		if (children == null) {
			throw new ChildRequestException(ChildRequestException.Reason.NOT_SUPPORTED,
					"Child requests are not available: no ServletChildRequestExecutor bean");
		}
		return children;
	}

	/**
	 * Whether a request needs a pipeline context: it does when there are modules, or when
	 * it is a child request (whose depth and parent must be known).
	 */
	boolean isActive(HttpServletRequest request) {
		return this.modules.size() > 0 || this.traces != PipelineTrace.Factory.NONE
				|| request.getAttribute(ChildState.ATTRIBUTE) != null;
	}

	ServletPipelineContext createContext(HttpServletRequest request, HttpServletResponse response) {
		ChildState childState = (ChildState) request.getAttribute(ChildState.ATTRIBUTE);
		return new ServletPipelineContext(this.modules, this.traces, this.childEngine, request, response, childState);
	}

}
