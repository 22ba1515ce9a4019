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

package dev.integratedpipeline.child;

/**
 * How a child request is executed, after the {@code EXECUTE_FLAG_*} values of IIS's
 * {@code IHttpContext::ExecuteRequest}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum ExecuteFlag {

	/**
	 * Suppress the child's response headers: the captured response has none (and none are
	 * copied to the parent's response).
	 */
	NO_HEADERS,

	/**
	 * Skip, for the whole child chain (the child and every request it nests), the module
	 * that issued the child, so that a module can re-execute its own URL without
	 * recursing. Only meaningful from {@code PipelineContext.executeRequest}.
	 */
	IGNORE_CURRENT_INTERCEPTOR,

	/**
	 * Allow a child whose URL is served by another servlet than the parent's; without it
	 * such a child is refused with {@code NOT_SUPPORTED}.
	 */
	IGNORE_APPPOOL,

	/**
	 * Return the raw error status with no error page: the application's error handling
	 * (Boot's {@code /error}) is not invoked for the child.
	 */
	DISABLE_CUSTOM_ERROR,

	/**
	 * Run the child on the parent's URL (path and query), whatever URL the child was
	 * given.
	 */
	SAME_URL,

	/**
	 * Return the child's response to the caller instead of writing it to the parent's
	 * response. The {@code ChildRequestExecutor} always buffers; the
	 * {@code PipelineContext.executeRequest} API streams into the parent's response
	 * without it.
	 */
	BUFFER_RESPONSE,

	/**
	 * Keep the child's response eligible for HTTP caching: its own caching headers
	 * ({@code Cache-Control}, {@code Expires}) are kept as it set them. Without it, as
	 * IIS disables caching for child requests, a child response is marked
	 * {@code Cache-Control: no-store}, replacing whatever caching headers it set, and its
	 * {@code Expires} is removed (unless {@link #NO_HEADERS} leaves it no headers at
	 * all).
	 */
	HTTP_CACHE_ELIGIBLE

}
