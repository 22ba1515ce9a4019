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

import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Records every deterministic event a request passes in its per-request state, so that
 * {@link EventsController} can show them, and logs the whole sequence when the request
 * ends.
 *
 * @author Integrated Pipeline team
 */
@Component
// Last, so that it records an event only once every other module let the request go on
@Order(Ordered.LOWEST_PRECEDENCE)
public class EventRecorderModule implements PipelineModule {

	/**
	 * The key of the recorded events ({@code List<String>}) in
	 * {@link PipelineContext#state()}.
	 */
	static final String EVENTS = "demo.events";

	private static final Log logger = LogFactory.getLog(EventRecorderModule.class);

	/**
	 * Return the events recorded for a request so far.
	 * @param context the request context
	 * @return the events, such as {@code BEGIN_REQUEST} and {@code POST_BEGIN_REQUEST}
	 */
	static List<String> events(PipelineContext context) {
		@SuppressWarnings("unchecked")
		List<String> events = (List<String>) context.state().computeIfAbsent(EVENTS, (key) -> new ArrayList<>());
		return events;
	}

	private NotificationStatus record(PipelineContext context) {
		// The context knows which event is in progress, so one method serves them all
		events(context).add((context.isPostEvent() ? "POST_" : "") + context.currentEvent().name());
		return NotificationStatus.CONTINUE;
	}

	// A module only receives the events whose method it overrides, which is why every
	// one of them is overridden below

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostBeginRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onAuthenticateRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostAuthenticateRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onAuthorizeRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostAuthorizeRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onResolveRequestCache(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostResolveRequestCache(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onMapRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostMapRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onAcquireRequestState(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostAcquireRequestState(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPreExecuteRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostPreExecuteRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onExecuteRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostExecuteRequestHandler(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onReleaseRequestState(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostReleaseRequestState(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onUpdateRequestCache(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostUpdateRequestCache(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onLogRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostLogRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onEndRequest(PipelineContext context) {
		return record(context);
	}

	@Override
	public NotificationStatus onPostEndRequest(PipelineContext context) {
		record(context);
		// The very last notification: the only place that sees the whole sequence
		if (logger.isDebugEnabled()) {
			logger.debug(context.request().getMethod() + " " + context.request().getRequestURI() + " (depth "
					+ context.depth() + ") passed " + events(context));
		}
		return NotificationStatus.CONTINUE;
	}

}
