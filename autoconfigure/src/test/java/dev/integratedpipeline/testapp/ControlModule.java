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
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.springframework.core.Ordered;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.CustomNotificationEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ReadEntityEvent;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * A module the tests steer with request headers: {@code X-Finish-At}, {@code X-Throw-At}
 * and {@code X-Pending-At} name an event; {@code X-Set-User}, {@code X-Rewrite},
 * {@code X-Custom} and {@code X-Map-Path} give a value.
 * <p>
 * Also: {@code X-Finish-At} and {@code X-Throw-At} take {@code MAP_PATH} and
 * {@code X-Throw-At} takes {@code READ_ENTITY} (a {@link HandledFailure}) and
 * {@code SEND_RESPONSE_<trigger>}; {@code X-Flush} flushes what a finishing module wrote;
 * {@code X-Custom: finish} is answered {@code FINISH_REQUEST}; {@code X-Set-User-At} and
 * {@code X-Rewrite-At} name an event to call {@code setUser} / {@code setUrl} in. The
 * pending work of {@code X-Pending-At} fails with {@code X-Pending-Fail}, is completed by
 * the test with {@code X-Pending-Held} ({@link #held(String)}), runs with an asynchronous
 * timeout of {@code X-Async-Timeout} milliseconds, and {@code X-Resume-Finish} answers
 * {@code FINISH_REQUEST} to its completion. What the module observed is kept by
 * {@code X-Test-Id} ({@link #observed(String)}).
 */
public class ControlModule implements PipelineModule, Ordered {

	private static final Map<String, List<String>> observed = new ConcurrentHashMap<>();

	private static final Map<String, CompletableFuture<String>> held = new ConcurrentHashMap<>();

	/**
	 * Return what the module observed during a request: {@code ASYNC_COMPLETION},
	 * {@code SEND_RESPONSE}, {@code LOG_REQUEST} and {@code END_REQUEST} entries.
	 * @param testId the {@code X-Test-Id} of the request
	 * @return the observations, in order
	 */
	public static List<String> observed(String testId) {
		return List.copyOf(observed.getOrDefault(testId, List.of()));
	}

	/**
	 * Return the pending work of a request sent with {@code X-Pending-Held}, for the test
	 * to complete.
	 * @param testId the {@code X-Test-Id} of the request
	 * @return the work
	 */
	public static CompletableFuture<String> held(String testId) {
		return held.computeIfAbsent(testId, (key) -> new CompletableFuture<>());
	}

	private static void observe(PipelineContext context, String observation) {
		String testId = context.request().getHeader("X-Test-Id");
		if (testId != null) {
			observed.computeIfAbsent(testId, (key) -> java.util.Collections.synchronizedList(new ArrayList<>()))
				.add(observation);
		}
	}

	@Override
	public int getOrder() {
		return 0;
	}

	private NotificationStatus control(PipelineContext context) {
		String event = (context.isPostEvent() ? "POST_" : "") + context.currentEvent();
		if (event.equals(context.request().getHeader("X-Throw-At"))) {
			throw new IllegalStateException("Module failed at " + event);
		}
		if (event.equals(context.request().getHeader("X-Set-User-At"))) {
			context.setUser(new NamedPrincipal("late"));
		}
		if (event.equals(context.request().getHeader("X-Rewrite-At"))) {
			context.setUrl("/hello");
		}
		if (event.equals(context.request().getHeader("X-Finish-At"))) {
			return finish(context, event);
		}
		if (event.equals(context.request().getHeader("X-Pending-At")) && !context.state().containsKey("resumed")) {
			String timeout = context.request().getHeader("X-Async-Timeout");
			if (timeout != null) {
				context.request().startAsync().setTimeout(Long.parseLong(timeout));
			}
			return context.pending(work(context));
		}
		return NotificationStatus.CONTINUE;
	}

	private static CompletableFuture<String> work(PipelineContext context) {
		if (context.request().getHeader("X-Pending-Held") != null) {
			return held(context.request().getHeader("X-Test-Id"));
		}
		String failure = context.request().getHeader("X-Pending-Fail");
		return CompletableFuture.supplyAsync(() -> {
			if (failure != null) {
				throw new IllegalStateException(failure);
			}
			return "done";
		}, CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS));
	}

	private static NotificationStatus finish(PipelineContext context, String event) {
		try {
			context.response().setStatus(299);
			context.response().setContentType("text/plain");
			context.response().getWriter().write("finished at " + event);
			if (context.request().getHeader("X-Flush") != null) {
				context.response().flushBuffer();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		String rewrite = context.request().getHeader("X-Rewrite");
		if (rewrite != null) {
			context.setUrl(rewrite);
		}
		String custom = context.request().getHeader("X-Custom");
		if (custom != null) {
			boolean delivered = context.notifyCustom(custom);
			context.response().setHeader("X-Custom-Delivered", String.valueOf(delivered));
		}
		return control(context);
	}

	@Override
	public NotificationStatus onPostBeginRequest(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onAuthenticateRequest(PipelineContext context) {
		String user = context.request().getHeader("X-Set-User");
		if (user != null) {
			context.setUser(new NamedPrincipal(user));
		}
		if (context.user() != null) {
			context.state().put("authenticated", context.user().getName());
		}
		return control(context);
	}

	@Override
	public NotificationStatus onAuthorizeRequest(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onResolveRequestCache(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onMapRequestHandler(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onAcquireRequestState(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onEndRequest(PipelineContext context) {
		Principal user = context.user();
		observe(context, "END_REQUEST user " + ((user != null) ? user.getName() : "none"));
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onLogRequest(PipelineContext context) {
		Throwable error = context.error();
		observe(context, "LOG_REQUEST " + context.response().getStatus() + " "
				+ ((error != null) ? error.getClass().getSimpleName() + ": " + error.getMessage() : "none"));
		return control(context);
	}

	@Override
	public NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
		if ("MAP_PATH".equals(context.request().getHeader("X-Throw-At"))) {
			throw new IllegalStateException("Module failed at MAP_PATH");
		}
		if ("MAP_PATH".equals(context.request().getHeader("X-Finish-At"))) {
			return finish(context, "MAP_PATH");
		}
		String path = context.request().getHeader("X-Map-Path");
		if (path != null) {
			event.setPath(path);
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onReadEntity(PipelineContext context, ReadEntityEvent event) {
		if ("READ_ENTITY".equals(context.request().getHeader("X-Throw-At"))) {
			throw new HandledFailure();
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		observe(context, "SEND_RESPONSE " + event.status() + " " + event.trigger());
		if (("SEND_RESPONSE_" + event.trigger()).equals(context.request().getHeader("X-Throw-At"))) {
			throw new IllegalStateException("Module failed at SEND_RESPONSE_" + event.trigger());
		}
		context.response().setHeader("X-Sent-By", "control:" + event.trigger());
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onCustomRequestNotification(PipelineContext context, CustomNotificationEvent event) {
		if ("finish".equals(event.notification())) {
			return finish(context, "CUSTOM");
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		context.state().put("resumed", String.valueOf(event.result()));
		String completion = (event.error() != null) ? event.error().getClass().getSimpleName()
				: String.valueOf(event.result());
		String dispatch = context.request().getDispatcherType().name();
		observe(context, "ASYNC_COMPLETION " + completion + " " + dispatch);
		if (!context.response().isCommitted()) {
			context.response().setHeader("X-Async-Completion", completion);
			context.response().setHeader("X-Async-Dispatch", dispatch);
		}
		if (context.request().getHeader("X-Resume-Finish") != null) {
			return finish(context, "ASYNC_COMPLETION");
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * A failure the test application's advice answers with a 422.
	 */
	public static class HandledFailure extends RuntimeException {

		public HandledFailure() {
			super("handled failure");
		}

	}

	/**
	 * A plain principal.
	 */
	public record NamedPrincipal(String getName) implements Principal {

	}

}
