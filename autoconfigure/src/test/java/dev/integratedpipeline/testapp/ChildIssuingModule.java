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

package dev.integratedpipeline.testapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.core.Ordered;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Issues child requests the IIS way ({@code cloneContext}, {@code executeRequest},
 * {@code releaseClonedContext}) for URLs under {@code /docs/}, {@code /self/} and
 * {@code /release/}.
 */
public class ChildIssuingModule implements PipelineModule, Ordered {

	/**
	 * A child context kept past the end of its parent request.
	 */
	public static final AtomicReference<ChildContext> leaked = new AtomicReference<>();

	@Override
	public int getOrder() {
		return 5;
	}

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		String forever = context.request().getHeader("X-Pending-Forever");
		if (forever != null) {
			return context.pending(new java.util.concurrent.CompletableFuture<>());
		}
		String uri = context.request().getRequestURI();
		if (uri.startsWith("/docs/")) {
			return defaultDocument(context, uri.substring("/docs/".length()));
		}
		if (uri.startsWith("/self/") && context.depth() < 5) {
			ChildContext child = context.cloneContext();
			Set<ExecuteFlag> flags = EnumSet.of(ExecuteFlag.SAME_URL, ExecuteFlag.BUFFER_RESPONSE);
			if (context.request().getHeader("X-No-Ignore") == null) {
				flags.add(ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR);
			}
			ChildExecution execution = context.executeRequest(child, flags, null);
			child.releaseClonedContext();
			return finish(context, "self child " + describe(execution.response()));
		}
		if (uri.startsWith("/relay/")) {
			// Re-executes its own URL, skipping itself for the whole child chain
			ChildContext child = context.cloneContext();
			ChildExecution execution = context.executeRequest(child, EnumSet.of(ExecuteFlag.SAME_URL,
					ExecuteFlag.BUFFER_RESPONSE, ExecuteFlag.IGNORE_CURRENT_INTERCEPTOR), null);
			child.releaseClonedContext();
			return finish(context, "relay " + describe(execution.response()));
		}
		if (uri.equals("/release/order")) {
			return finish(context, releaseOrder(context));
		}
		if (uri.equals("/release/sync")) {
			ChildContext child = context.cloneContext();
			child.setUrl("/hello");
			String outcome = attempt(
					() -> context.executeRequest(false, child, Set.of(ExecuteFlag.BUFFER_RESPONSE), null));
			child.releaseClonedContext();
			return finish(context, outcome);
		}
		if (uri.equals("/release/running")) {
			// Released while its child still runs: the child is cancelled
			ChildContext child = context.cloneContext();
			child.setUrl("/never");
			context.executeRequest(child, Set.of(ExecuteFlag.BUFFER_RESPONSE), null);
			context.state().put("released", child);
			child.releaseClonedContext();
			return NotificationStatus.PENDING;
		}
		if (uri.equals("/broken-output/child")) {
			// Written into a parent whose output stream fails
			ChildContext child = context.cloneContext();
			child.setUrl("/hello");
			String outcome = attempt(() -> context.executeRequest(child, Set.of(), null));
			child.releaseClonedContext();
			context.response().setHeader("X-Child-Outcome", outcome);
			return NotificationStatus.FINISH_REQUEST;
		}
		if (uri.equals("/release/leak")) {
			ChildContext child = context.cloneContext();
			leaked.set(child);
			return finish(context, "leaked");
		}
		if (uri.equals("/release/forget")) {
			ChildContext child = context.cloneContext();
			child.setUrl("/hello");
			context.executeRequest(child, Set.of(ExecuteFlag.BUFFER_RESPONSE), null);
			return finish(context, "forgotten");
		}
		if (uri.equals("/release/leaked")) {
			try {
				leaked.get().releaseClonedContext();
				return finish(context, "released");
			}
			catch (ChildRequestException ex) {
				return finish(context, ex.reason().name());
			}
		}
		if (uri.equals("/release/foreign")) {
			ChildContext child = leaked.get();
			try {
				context.executeRequest(child, Set.of(), null);
				return finish(context, "executed");
			}
			catch (ChildRequestException ex) {
				return finish(context, ex.reason().name());
			}
		}
		return NotificationStatus.CONTINUE;
	}

	private NotificationStatus defaultDocument(PipelineContext context, String page) {
		if (context.request().getHeader("X-Parent-Header") != null) {
			// A header the child's response sets too
			context.response().setHeader("X-Filtered", "parent");
		}
		ChildContext child = context.cloneContext();
		child.setUrl("/" + page.replace('.', '/'));
		Set<ExecuteFlag> flags = EnumSet.noneOf(ExecuteFlag.class);
		String requested = context.request().getHeader("X-Child-Flags");
		if (requested != null) {
			for (String flag : requested.split(",")) {
				flags.add(ExecuteFlag.valueOf(flag.trim()));
			}
		}
		ChildExecution execution = context.executeRequest(child, flags, null);
		context.state().put("child", child);
		if (execution.pending()) {
			return NotificationStatus.PENDING;
		}
		child.releaseClonedContext();
		if (flags.contains(ExecuteFlag.BUFFER_RESPONSE)) {
			return finish(context, "buffered " + describe(execution.response()));
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		if (context.state().get("released") != null) {
			Throwable error = event.error();
			if (error instanceof java.util.concurrent.CompletionException && error.getCause() != null) {
				error = error.getCause();
			}
			return finish(context,
					(error instanceof ChildRequestException ex) ? ex.reason().name() : String.valueOf(error));
		}
		ChildContext child = (ChildContext) context.state().get("child");
		if (child == null) {
			// X-Pending-Forever, given up at the request's timeout
			return NotificationStatus.CONTINUE;
		}
		child.releaseClonedContext();
		if (event.result() instanceof ChildResponse response && context.request().getHeader("X-Child-Flags") != null
				&& context.request().getHeader("X-Child-Flags").contains("BUFFER_RESPONSE")) {
			return finish(context, "buffered " + describe(response));
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	private String releaseOrder(PipelineContext context) {
		List<String> outcomes = new ArrayList<>();
		ChildContext first = context.cloneContext();
		ChildContext second = context.cloneContext();
		first.setUrl("/hello");
		context.executeRequest(first, Set.of(ExecuteFlag.BUFFER_RESPONSE), null);
		outcomes.add(attempt(() -> context.executeRequest(first, Set.of(ExecuteFlag.BUFFER_RESPONSE), null)));
		outcomes.add(attempt(first::releaseClonedContext));
		outcomes.add(attempt(second::releaseClonedContext));
		outcomes.add(attempt(first::releaseClonedContext));
		outcomes.add(attempt(first::releaseClonedContext));
		return String.join(",", outcomes);
	}

	private static String attempt(Runnable action) {
		try {
			action.run();
			return "OK";
		}
		catch (ChildRequestException ex) {
			return ex.reason().name();
		}
	}

	static String describe(ChildResponse response) {
		return (response != null) ? response.status() + " " + response.contentAsString() : "pending";
	}

	private static NotificationStatus finish(PipelineContext context, String body) {
		try {
			context.response().setContentType("text/plain");
			context.response().getWriter().write(body);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

}
