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

package dev.integratedpipeline.modules.defaultdocument;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Serves a directory path with its default document, as IIS's
 * {@code DefaultDocumentModule} does: a {@code GET} or {@code HEAD} to a path ending in
 * {@code /} that no handler of its own maps (Spring MVC hands it to its static resource
 * handler, which would answer 404) is answered, at {@code EXECUTE_REQUEST_HANDLER}, with
 * the first of {@code path + file} that a child request answers with 200 — IIS's
 * {@code CloneContext}, {@code SetUrl}, {@code ExecuteRequest}. When none answers 200,
 * the request goes on to the static resource handler and its original 404.
 * <p>
 * The candidates are tried with {@code HEAD} child requests, buffered (a {@code HEAD} has
 * no content to hold), so that a missing one writes nothing into the response; the first
 * that answers 200 is then executed with the request's own method and without
 * {@link ExecuteFlag#BUFFER_RESPONSE}: the child writes its status, headers and content
 * into the request's response itself, and the module finishes the request. A {@code HEAD}
 * request is answered by its probe's headers, {@code Content-Length} included.
 * <p>
 * Each candidate is a clone of the request (its method, headers and credentials) with the
 * candidate's URL (the query kept), run as the request's user; it keeps its own caching
 * headers. A candidate that is pending (an asynchronous handler) suspends the request
 * until it completes. Child requests are served as top-level ones.
 * <p>
 * Only requests that reach Spring MVC's static resource handler are served: with
 * {@code spring.web.resources.add-mappings=false}, nothing maps such paths.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class DefaultDocumentModule implements PipelineModule {

	private static final String NEXT = DefaultDocumentModule.class.getName() + ".next";

	/** The state of a request whose document is being written by its child. */
	private static final String WRITING = DefaultDocumentModule.class.getName() + ".writing";

	private static final Set<ExecuteFlag> PROBE_FLAGS = EnumSet.of(ExecuteFlag.BUFFER_RESPONSE,
			ExecuteFlag.DISABLE_CUSTOM_ERROR, ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR, ExecuteFlag.HTTP_CACHE_ELIGIBLE);

	private static final Set<ExecuteFlag> WRITE_FLAGS = EnumSet.of(ExecuteFlag.DISABLE_CUSTOM_ERROR,
			ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR, ExecuteFlag.HTTP_CACHE_ELIGIBLE);

	private final List<String> files;

	/**
	 * Create a module.
	 * @param files the default documents, in the order they are tried, each a relative
	 * path (no leading {@code /})
	 * @throws IllegalArgumentException for a file that does not make a clean path
	 */
	public DefaultDocumentModule(List<String> files) {
		Assert.notNull(files, "'files' must not be null");
		for (String file : files) {
			Assert.hasText(file, "A default document must not be empty");
			try {
				ChildRequest.get("/" + file).build();
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("Default document '" + file + "' is invalid: " + ex.getMessage(),
						ex);
			}
			Assert.isTrue(!file.startsWith("/") && file.indexOf('?') < 0,
					() -> "Default document '" + file + "' must be a relative path without a query");
		}
		this.files = List.copyOf(files);
	}

	/**
	 * Return the default documents.
	 * @return the files, in order
	 */
	public List<String> files() {
		return this.files;
	}

	/**
	 * Serve a directory path that only the static resource handler maps.
	 */
	@Override
	public NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		HttpServletRequest request = context.request();
		String method = request.getMethod();
		if (this.files.isEmpty() || !("GET".equals(method) || "HEAD".equals(method))
				|| !request.getRequestURI().endsWith("/")
				|| !(context.handler() instanceof ResourceHttpRequestHandler)) {
			return NotificationStatus.CONTINUE;
		}
		return tryFrom(context, 0);
	}

	/**
	 * Go on once a pending candidate completed.
	 */
	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		if (context.state().remove(WRITING) != null) {
			// The child wrote the document into the response as it completed
			return NotificationStatus.FINISH_REQUEST;
		}
		Object next = context.state().remove(NEXT);
		if (!(next instanceof Integer index)) {
			return NotificationStatus.CONTINUE;
		}
		if (event.result() instanceof ChildResponse response && response.status() == HttpServletResponse.SC_OK) {
			return serve(context, index - 1, response);
		}
		return tryFrom(context, index);
	}

	private NotificationStatus tryFrom(PipelineContext context, int first) {
		for (int index = first; index < this.files.size(); index++) {
			ChildContext child = candidate(context, index);
			child.setMethod("HEAD");
			ChildExecution execution = context.executeRequest(child, PROBE_FLAGS, context.user());
			if (execution.pending()) {
				context.state().put(NEXT, index + 1);
				return NotificationStatus.PENDING;
			}
			ChildResponse response = execution.response();
			child.releaseClonedContext();
			if (response != null && response.status() == HttpServletResponse.SC_OK) {
				return serve(context, index, response);
			}
		}
		return NotificationStatus.CONTINUE;
	}

	private ChildContext candidate(PipelineContext context, int index) {
		HttpServletRequest request = context.request();
		String url = request.getRequestURI().substring(request.getContextPath().length()) + this.files.get(index);
		String query = request.getQueryString();
		ChildContext child = context.cloneContext();
		child.setUrl((query != null) ? url + "?" + query : url);
		return child;
	}

	/**
	 * Serve the document a probe found: a {@code HEAD} with the probe's headers, any
	 * other request by a child that writes the document into the response.
	 */
	private NotificationStatus serve(PipelineContext context, int index, ChildResponse probe) {
		if ("HEAD".equals(context.request().getMethod())) {
			return serveHead(context, probe);
		}
		ChildContext child = candidate(context, index);
		ChildExecution execution = context.executeRequest(child, WRITE_FLAGS, context.user());
		if (execution.pending()) {
			context.state().put(WRITING, Boolean.TRUE);
			return NotificationStatus.PENDING;
		}
		child.releaseClonedContext();
		return NotificationStatus.FINISH_REQUEST;
	}

	private static NotificationStatus serveHead(PipelineContext context, ChildResponse document) {
		HttpServletResponse response = context.response();
		document.writeHeadTo(response);
		// A HEAD is answered the length its GET would send
		String length = document.headers().getFirst(HttpHeaders.CONTENT_LENGTH);
		if (length != null) {
			response.setHeader(HttpHeaders.CONTENT_LENGTH, length);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	@Override
	public String toString() {
		return "DefaultDocumentModule" + this.files;
	}

}
