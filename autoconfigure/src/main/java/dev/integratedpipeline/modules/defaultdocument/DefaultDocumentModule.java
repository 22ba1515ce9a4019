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

import java.io.IOException;
import java.io.UncheckedIOException;
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
 * {@code CloneContext}, {@code SetUrl}, {@code ExecuteRequest} — written into the
 * response with its status, headers and content. When none answers 200, the request goes
 * on to the static resource handler and its original 404.
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

	private static final Set<ExecuteFlag> FLAGS = EnumSet.of(ExecuteFlag.BUFFER_RESPONSE,
			ExecuteFlag.DISABLE_CUSTOM_ERROR, ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR, ExecuteFlag.HTTP_CACHE_ELIGIBLE);

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
		Object next = context.state().remove(NEXT);
		if (!(next instanceof Integer index)) {
			return NotificationStatus.CONTINUE;
		}
		if (event.result() instanceof ChildResponse response && response.status() == HttpServletResponse.SC_OK) {
			return serve(context, response);
		}
		return tryFrom(context, index);
	}

	private NotificationStatus tryFrom(PipelineContext context, int first) {
		HttpServletRequest request = context.request();
		String directory = request.getRequestURI().substring(request.getContextPath().length());
		String query = request.getQueryString();
		for (int index = first; index < this.files.size(); index++) {
			String url = directory + this.files.get(index);
			ChildContext child = context.cloneContext();
			child.setUrl((query != null) ? url + "?" + query : url);
			ChildExecution execution = context.executeRequest(child, FLAGS, context.user());
			if (execution.pending()) {
				context.state().put(NEXT, index + 1);
				return NotificationStatus.PENDING;
			}
			ChildResponse response = execution.response();
			child.releaseClonedContext();
			if (response != null && response.status() == HttpServletResponse.SC_OK) {
				return serve(context, response);
			}
		}
		return NotificationStatus.CONTINUE;
	}

	private static NotificationStatus serve(PipelineContext context, ChildResponse document) {
		HttpServletResponse response = context.response();
		response.setStatus(document.status());
		document.headers().forEach((name, values) -> {
			if (!values.isEmpty() && !HttpHeaders.TRANSFER_ENCODING.equalsIgnoreCase(name)
					&& !HttpHeaders.CONTENT_LENGTH.equalsIgnoreCase(name)) {
				response.setHeader(name, values.get(0));
				for (int i = 1; i < values.size(); i++) {
					response.addHeader(name, values.get(i));
				}
			}
		});
		if (document.contentType() != null) {
			response.setContentType(document.contentType());
		}
		String length = document.headers().getFirst(HttpHeaders.CONTENT_LENGTH);
		if ("HEAD".equals(context.request().getMethod()) && length != null) {
			response.setHeader(HttpHeaders.CONTENT_LENGTH, length);
		}
		else {
			response.setContentLength(document.content().length);
		}
		try {
			response.getOutputStream().write(document.content());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	@Override
	public String toString() {
		return "DefaultDocumentModule" + this.files;
	}

}
