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

import java.util.concurrent.Callable;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;

/**
 * Carries the pipeline context of a request onto the thread that runs its
 * {@code Callable} (or {@code WebAsyncTask}) handler, as Spring Security's
 * {@code SecurityContextCallableProcessingInterceptor} carries the security context. A
 * child request issued from the {@code Callable} then nests under that request: its depth
 * counts, so {@code integrated-pipeline.child.max-depth} holds for recursion through
 * asynchronous handlers, and an asynchronous child is cancelled when that request ends.
 * <p>
 * The context is bound in {@link #preProcess}, on the {@code Callable}'s thread just
 * before it runs, and the thread is given back as it was in {@link #postProcess}, after
 * it ran or failed. A request that passes no pipeline (no modules, no tracing, not a
 * child) has no context and nothing is bound. Registered with Spring MVC's
 * {@code WebMvcConfigurer#configureAsyncSupport} by the auto-configuration.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class PipelineCallableInterceptor implements CallableProcessingInterceptor {

	private static final String PREVIOUS_ATTRIBUTE = PipelineCallableInterceptor.class.getName() + ".PREVIOUS";

	// Stands for "no context was bound before", since an attribute cannot be null
	private static final Object NONE = new Object();

	@Override
	public <T> void preProcess(NativeWebRequest request, Callable<T> task) {
		HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
		ServletPipelineContext context = (servletRequest != null) ? ServletPipelineContext.get(servletRequest) : null;
		if (context != null) {
			ServletPipelineContext previous = ServletPipelineContext.enter(context);
			request.setAttribute(PREVIOUS_ATTRIBUTE, (previous != null) ? previous : NONE,
					RequestAttributes.SCOPE_REQUEST);
		}
	}

	@Override
	public <T> void postProcess(NativeWebRequest request, Callable<T> task, @Nullable Object concurrentResult) {
		Object previous = request.getAttribute(PREVIOUS_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		if (previous != null) {
			request.removeAttribute(PREVIOUS_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
			ServletPipelineContext.exit((previous instanceof ServletPipelineContext context) ? context : null);
		}
	}

}
