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

import io.micrometer.context.ThreadLocalAccessor;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.ServletPipelineContext;

/**
 * Carries the parent link of child requests to other threads with Micrometer's Context
 * Propagation: a child request issued on a thread that works for a request (an
 * {@code @Async} method, a {@code CompletableFuture.supplyAsync} task, a task of any
 * executor decorated with Spring's {@code ContextPropagatingTaskDecorator}) nests under
 * that request, so that the nesting limit ({@code integrated-pipeline.child.max-depth})
 * holds across threads, and is cancelled when that request ends.
 * <p>
 * Registered with the {@code ContextRegistry} through the {@code ServiceLoader}; the
 * auto-configuration decorates Boot's {@code applicationTaskExecutor} so that it
 * propagates the link (and every other registered thread-local). The value carried is the
 * {@link PipelineContext} of the request; it is not meant to be read by applications.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ChildRequestParentAccessor implements ThreadLocalAccessor<PipelineContext> {

	/**
	 * The key the accessor is registered under.
	 */
	public static final String KEY = "dev.integratedpipeline.child-request-parent";

	@Override
	public Object key() {
		return KEY;
	}

	@Override
	public @Nullable PipelineContext getValue() {
		return ServletChildRequestExecutor.parentToPropagate();
	}

	@Override
	public void setValue(PipelineContext value) {
		ServletChildRequestExecutor.propagateParent((value instanceof ServletPipelineContext context) ? context : null);
	}

	@Override
	public void setValue() {
		ServletChildRequestExecutor.propagateParent(null);
	}

}
