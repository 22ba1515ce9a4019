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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * Records every notification it receives, per request, keyed by the {@code X-Test-Id}
 * header, once the request ended.
 */
public class RecordingModule implements PipelineModule, Ordered {

	private static final Map<String, List<String>> recorded = new ConcurrentHashMap<>();

	private final String name;

	private final int order;

	public RecordingModule(String name, int order) {
		this.name = name;
		this.order = order;
	}

	public static List<String> recorded(String testId) {
		return recorded.get(testId);
	}

	@Override
	public int getOrder() {
		return this.order;
	}

	@SuppressWarnings("unchecked")
	private NotificationStatus record(PipelineContext context, String what) {
		List<String> events = (List<String>) context.state().computeIfAbsent("events", (key) -> new ArrayList<>());
		events.add(this.name + ":" + what);
		return NotificationStatus.CONTINUE;
	}

	private NotificationStatus event(PipelineContext context) {
		return record(context, (context.isPostEvent() ? "POST_" : "") + context.currentEvent());
	}

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostBeginRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onAuthenticateRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onAuthorizeRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostAuthorizeRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onResolveRequestCache(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostResolveRequestCache(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onMapRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostMapRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onAcquireRequestState(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostAcquireRequestState(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPreExecuteRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostPreExecuteRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onReleaseRequestState(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostReleaseRequestState(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onUpdateRequestCache(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostUpdateRequestCache(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onLogRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onPostLogRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	public NotificationStatus onEndRequest(PipelineContext context) {
		return event(context);
	}

	@Override
	@SuppressWarnings("unchecked")
	public NotificationStatus onPostEndRequest(PipelineContext context) {
		event(context);
		String testId = context.request().getHeader("X-Test-Id");
		if (testId != null) {
			String key = (context.depth() > 0) ? testId + "/child" + context.depth() : testId;
			recorded.merge(key + "/" + this.name, List.copyOf((List<String>) context.state().get("events")),
					(existing, added) -> {
						List<String> merged = new ArrayList<>(existing);
						merged.addAll(added);
						return merged;
					});
		}
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onMapPath(PipelineContext context, MapPathEvent event) {
		return record(context, "MAP_PATH " + event.path());
	}

	@Override
	public NotificationStatus onReadEntity(PipelineContext context, ReadEntityEvent event) {
		return record(context, "READ_ENTITY");
	}

	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		return record(context, "SEND_RESPONSE");
	}

	@Override
	public NotificationStatus onCustomRequestNotification(PipelineContext context, CustomNotificationEvent event) {
		return record(context, "CUSTOM " + event.notification());
	}

	@Override
	public NotificationStatus onAsyncCompletion(PipelineContext context, AsyncCompletionEvent event) {
		return record(context, "ASYNC_COMPLETION " + event.result());
	}

}
