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
 * {@code IHttpContext::ExecuteRequest}. Each constant keeps its IIS name and says what it
 * means in a Spring MVC application. Flags apply to the child they are given to, whether
 * executed by the {@link ChildRequestExecutor} or by
 * {@code PipelineContext.executeRequest}; a constant says when it is meaningful for one
 * of them only.
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
	 * {@code IGNORE_CURRENT_INTERCEPTOR}: IIS's interceptor is, here, the
	 * {@code PipelineModule} that issues the child. Skip it for the whole child chain
	 * (the child and every request it nests), so that a module can re-execute its own URL
	 * without recursing. Only meaningful from {@code PipelineContext.executeRequest}.
	 */
	IGNORE_CURRENT_INTERCEPTOR,

	/**
	 * {@code IGNORE_APPPOOL}: IIS's application pool is, here, the servlet that serves
	 * the path. Allow a child whose URL is served by another servlet than the parent's (a
	 * {@code ServletRegistrationBean} beside the {@code DispatcherServlet}); without it
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
	 * without it: a child that fits its buffer ({@code getBufferSize()}, 8KB unless the
	 * application sets it) is written into the parent once complete, its content also in
	 * the returned response; one that outgrows it commits the parent's response with its
	 * status and headers and streams the rest into it, as a container commits a full
	 * buffer, and its returned response then holds no content (and no error page replaces
	 * what was sent).
	 */
	BUFFER_RESPONSE,

	/**
	 * {@code HTTP_CACHE_ELIGIBLE}: IIS's HTTP.sys kernel cache is, here, any HTTP cache
	 * downstream. Keep the child's response eligible for HTTP caching: its own caching
	 * headers ({@code Cache-Control}, {@code Expires}) are kept as it set them. Without
	 * it, as IIS disables caching for child requests, a child response is marked
	 * {@code Cache-Control: no-store}, replacing whatever caching headers it set, and its
	 * {@code Expires} is removed (unless {@link #NO_HEADERS} leaves it no headers at
	 * all).
	 */
	HTTP_CACHE_ELIGIBLE

}
