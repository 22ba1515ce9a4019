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

package dev.integratedpipeline.demo;

import java.util.EnumSet;
import java.util.Set;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Answers {@code /} and {@code /default} with the default page, {@code /pages/default},
 * executed as a child request: the IIS {@code CloneContext} / {@code ExecuteRequest} /
 * {@code ReleaseClonedContext} example, step by step. The starter's built-in
 * {@code DefaultDocumentModule} ({@code integrated-pipeline.default-document.*}) does the
 * same for directories of static files, such as {@code /docs/}.
 *
 * @author Integrated Pipeline team
 */
@Component
@Order(10)
public class DefaultPageModule implements PipelineModule {

	static final String DEFAULT_PAGE = "/pages/default";

	private static final Set<String> DEFAULT_URLS = Set.of("/", "/default");

	private static final String CHILD = DefaultPageModule.class.getName() + ".child";

	// Unlike a redirect, the browser makes a single request and its address bar keeps
	// "/"; unlike a forward, the default page passes the whole pipeline, with every
	// module, as a request of its own
	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		// BEGIN_REQUEST is the earliest point: nothing else ran for this request yet
		if (!DEFAULT_URLS.contains(RequestPaths.pathWithinApplication(context.request()))) {
			return NotificationStatus.CONTINUE;
		}
		// 1. Clone the request (its method, URL and headers) and point the clone
		// elsewhere
		ChildContext child = context.cloneContext();
		child.setUrl(DEFAULT_PAGE);
		// 2. Execute it through the whole pipeline; without BUFFER_RESPONSE its status,
		// headers and body are written to this request's response
		ChildExecution execution = context.executeRequest(child, EnumSet.noneOf(ExecuteFlag.class), null);
		// 3. If the child has not completed yet (its handler went asynchronous), suspend
		// this request without holding a thread; onAsyncCompletion picks up from here
		if (execution.pending()) {
			context.state().put(CHILD, child);
			return NotificationStatus.PENDING;
		}
		// 4. Otherwise the response is written: release the clone and end the request
		child.releaseClonedContext();
		return NotificationStatus.FINISH_REQUEST;
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		if (context.state().remove(CHILD) instanceof ChildContext child) {
			child.releaseClonedContext();
		}
		// The child never answered (it failed or timed out): do not end with an empty 200
		if (event.error() != null && !context.response().isCommitted()) {
			context.response().setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

}
