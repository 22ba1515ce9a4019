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

package dev.integratedpipeline.pipeline;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The completion of asynchronous work that a module handed to
 * {@link PipelineContext#pending}, delivered to {@link PipelineModule#onAsyncCompletion}.
 *
 * @param event the event during which the module answered {@code PENDING}
 * @param post whether it was the post-event
 * @param result what the stage completed with ({@code null} when it failed); for a child
 * request, its {@link dev.integratedpipeline.child.ChildResponse}
 * @param error why the stage failed, if it did; a
 * {@link java.util.concurrent.TimeoutException} (or the failure) when the request's
 * asynchronous processing timed out (or failed) before the stage completed
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record AsyncCompletionEvent(RequestEvent event, boolean post, @Nullable Object result,
		@Nullable Throwable error) {

	public AsyncCompletionEvent {
		Assert.notNull(event, "'event' must not be null");
	}

}
