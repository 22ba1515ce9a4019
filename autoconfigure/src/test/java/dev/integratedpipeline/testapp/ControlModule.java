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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.core.Ordered;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.MapPathEvent;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * A module the tests steer with request headers: {@code X-Finish-At}, {@code X-Throw-At}
 * and {@code X-Pending-At} name an event; {@code X-Set-User}, {@code X-Rewrite},
 * {@code X-Custom} and {@code X-Map-Path} give a value.
 */
public class ControlModule implements PipelineModule, Ordered {

	@Override
	public int getOrder() {
		return 0;
	}

	private NotificationStatus control(PipelineContext context) {
		String event = (context.isPostEvent() ? "POST_" : "") + context.currentEvent();
		if (event.equals(context.request().getHeader("X-Throw-At"))) {
			throw new IllegalStateException("Module failed at " + event);
		}
		if (event.equals(context.request().getHeader("X-Finish-At"))) {
			try {
				context.response().setStatus(299);
				context.response().setContentType("text/plain");
				context.response().getWriter().write("finished at " + event);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return NotificationStatus.FINISH_REQUEST;
		}
		if (event.equals(context.request().getHeader("X-Pending-At")) && !context.state().containsKey("resumed")) {
			return context.pending(CompletableFuture.supplyAsync(() -> "done",
					CompletableFuture.delayedExecutor(20, TimeUnit.MILLISECONDS)));
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		String rewrite = context.request().getHeader("X-Rewrite");
		if (rewrite != null) {
			context.setUrl(rewrite);
		}
		String custom = context.request().getHeader("X-Custom");
		if (custom != null) {
			context.notifyCustom(custom);
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
	public NotificationStatus onLogRequest(PipelineContext context) {
		return control(context);
	}

	@Override
	public NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
		String path = context.request().getHeader("X-Map-Path");
		if (path != null) {
			event.setPath(path);
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		context.response().setHeader("X-Sent-By", "control:" + event.trigger());
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		context.state().put("resumed", event.result());
		return NotificationStatus.CONTINUE;
	}

	/**
	 * A plain principal.
	 */
	public record NamedPrincipal(String getName) implements Principal {

	}

}
