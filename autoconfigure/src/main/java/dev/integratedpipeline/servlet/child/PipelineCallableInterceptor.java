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

package dev.integratedpipeline.servlet.child;

import java.lang.reflect.Field;
import java.util.concurrent.Callable;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.context.request.async.CallableProcessingInterceptor;
import org.springframework.web.context.request.async.WebAsyncManager;
import org.springframework.web.context.request.async.WebAsyncUtils;

import dev.integratedpipeline.servlet.ServletPipelineContext;

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

	// The executor Spring MVC is about to hand the Callable to, which WebAsyncManager
	// does not expose; null if a later Spring names it otherwise (the Callable then runs
	// as it would, on that executor alone)
	private static final @Nullable Field TASK_EXECUTOR = taskExecutorField();

	private static @Nullable Field taskExecutorField() {
		Field field = ReflectionUtils.findField(WebAsyncManager.class, "taskExecutor", AsyncTaskExecutor.class);
		if (field != null) {
			try {
				ReflectionUtils.makeAccessible(field);
			}
			catch (RuntimeException ex) {
				return null;
			}
		}
		return field;
	}

	/**
	 * For a child request, let the thread that waits for the child run its
	 * {@code Callable} too, whichever of it and the executor gets to it first: a
	 * recursion through {@code Callable} handlers would otherwise hold every thread of
	 * the pool, each waiting for a {@code Callable} queued behind them. Called on the
	 * request's thread, just before Spring MVC submits the {@code Callable}.
	 */
	@Override
	public <T> void beforeConcurrentHandling(NativeWebRequest request, Callable<T> task) {
		Field field = TASK_EXECUTOR;
		if (field != null
				&& request.getAttribute(ChildRun.ATTRIBUTE, RequestAttributes.SCOPE_REQUEST) instanceof ChildRun run) {
			HttpServletRequest servletRequest = request.getNativeRequest(HttpServletRequest.class);
			WebAsyncManager manager = (servletRequest != null) ? WebAsyncUtils.getAsyncManager(servletRequest) : null;
			if (manager != null && ReflectionUtils.getField(field, manager) instanceof AsyncTaskExecutor executor) {
				manager.setTaskExecutor(run.helpedExecutor(executor));
			}
		}
	}

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
