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

package dev.integratedpipeline.servlet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTrace.Notification;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;
import dev.integratedpipeline.trace.TraceInclude;

/**
 * Records {@link ChildRequestTrace child-request traces}: the timeline of every request
 * that passes the pipeline, kept when the request spawned child requests (or always, when
 * asked), with its children nested.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ChildRequestTracing implements PipelineTrace.Factory {

	private static final String[] OTHER_EVENTS = { "MAP_PATH", "READ_ENTITY", "SEND_RESPONSE", "CUSTOM_NOTIFICATION",
			"ASYNC_COMPLETION" };

	private static final Set<String> AUTHORIZATION_HEADERS = Set.of("authorization", "proxy-authorization");

	private static final Set<String> COOKIE_HEADERS = Set.of("cookie", "set-cookie");

	private static final AtomicLong ids = new AtomicLong();

	private final ChildRequestTraceRepository repository;

	private final boolean recordAll;

	private final Set<TraceInclude> includes;

	private final Set<String> sensitiveHeaders;

	/**
	 * Create a recorder.
	 * @param repository where to store the traces
	 * @param recordAll whether to record every request, not only those that spawned
	 * children
	 * @param includes what to record beyond the timeline, status and timing
	 * @param sensitiveHeaders further headers that stay out of traces unless
	 * {@link TraceInclude#SENSITIVE_HEADERS} is included
	 */
	public ChildRequestTracing(ChildRequestTraceRepository repository, boolean recordAll, Set<TraceInclude> includes,
			Set<String> sensitiveHeaders) {
		Assert.notNull(repository, "'repository' must not be null");
		this.repository = repository;
		this.recordAll = recordAll;
		this.includes = includes.isEmpty() ? EnumSet.noneOf(TraceInclude.class) : EnumSet.copyOf(includes);
		Set<String> sensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		sensitive.addAll(sensitiveHeaders);
		this.sensitiveHeaders = Collections.unmodifiableSet(sensitive);
	}

	@Override
	public PipelineTrace start(ServletPipelineContext context, HttpServletRequest request,
			@Nullable ChildState childState) {
		String id = (childState != null) ? childState.id() : "r" + ids.incrementAndGet();
		return new RecordingTrace(id, childState);
	}

	/**
	 * Record a child request that completed or failed: its node goes under its parent's
	 * trace, or becomes a root when it had no parent.
	 */
	void childFinished(ChildRun run, @Nullable ChildResponse response, @Nullable Throwable failure) {
		ChildState state = run.state();
		ChildRequest request = state.request();
		ChildRequestTrace node = new ChildRequestTrace(state.id(), state.parentId(), state.depth(), request.method(),
				request.path(), request.flags(), (response != null) ? response.status() : 500,
				(response != null) ? response.contentType() : null, (response != null) ? response.content().length : -1,
				run.startTime(), run.elapsed(), state.isAsync(),
				describe((failure != null) ? failure : (response != null) ? response.error() : null), false,
				principal(request.user()), headers(TraceInclude.REQUEST_HEADERS, request.headers()),
				(response != null) ? headers(TraceInclude.RESPONSE_HEADERS, response.headers()) : null,
				state.timeline(), state.children());
		PipelineContext parent = state.parentContext();
		if (parent instanceof ServletPipelineContext parentContext
				&& parentContext.trace() instanceof RecordingTrace parentTrace) {
			parentTrace.add(node);
		}
		else {
			this.repository.add(node);
		}
	}

	private @Nullable String principal(java.security.@Nullable Principal user) {
		return (user != null && this.includes.contains(TraceInclude.PRINCIPAL)) ? user.getName() : null;
	}

	private @Nullable Map<String, List<String>> headers(TraceInclude include, HttpHeaders headers) {
		if (!this.includes.contains(include)) {
			return null;
		}
		Map<String, List<String>> recorded = new LinkedHashMap<>();
		headers.forEach((name, values) -> {
			if (isRecorded(name)) {
				recorded.put(name, List.copyOf(values));
			}
		});
		return recorded;
	}

	private boolean isRecorded(String name) {
		String lower = name.toLowerCase(Locale.ROOT);
		if (AUTHORIZATION_HEADERS.contains(lower)) {
			return this.includes.contains(TraceInclude.AUTHORIZATION_HEADER);
		}
		if (COOKIE_HEADERS.contains(lower)) {
			return this.includes.contains(TraceInclude.COOKIE_HEADERS);
		}
		if (this.sensitiveHeaders.contains(name)) {
			return this.includes.contains(TraceInclude.SENSITIVE_HEADERS);
		}
		return true;
	}

	private static @Nullable String describe(@Nullable Throwable failure) {
		return (failure != null) ? failure.getClass().getName() + ": " + failure.getMessage() : null;
	}

	/**
	 * The trace of one request, filled as it passes the pipeline.
	 */
	private final class RecordingTrace implements PipelineTrace {

		private final String id;

		private final @Nullable ChildState childState;

		private final long start = System.nanoTime();

		private final Instant startTime = Instant.now();

		private final List<Notification> timeline = new ArrayList<>();

		private final List<ChildRequestTrace> children = Collections.synchronizedList(new ArrayList<>());

		RecordingTrace(String id, @Nullable ChildState childState) {
			this.id = id;
			this.childState = childState;
		}

		@Override
		public String id() {
			return this.id;
		}

		@Override
		public long clock() {
			return System.nanoTime();
		}

		@Override
		public void notified(int notification, String module, @Nullable NotificationStatus status, long start,
				@Nullable Throwable failure) {
			long now = System.nanoTime();
			boolean deterministic = notification < Notifications.COUNT;
			String event = deterministic ? Notifications.event(notification).name()
					: OTHER_EVENTS[notification - Notifications.COUNT];
			this.timeline.add(new Notification(event, deterministic && Notifications.isPost(notification), module,
					status, Duration.ofNanos(start - this.start), Duration.ofNanos(now - start)));
		}

		void add(ChildRequestTrace child) {
			this.children.add(child);
		}

		@Override
		public void ended(ServletPipelineContext context) {
			List<ChildRequestTrace> children = markAutomaticReleases(context);
			if (this.childState != null) {
				this.childState.traced(this.timeline, children);
				return;
			}
			if (children.isEmpty() && !ChildRequestTracing.this.recordAll) {
				return;
			}
			ChildRequestTracing.this.repository.add(node(context, children));
		}

		private List<ChildRequestTrace> markAutomaticReleases(ServletPipelineContext context) {
			Set<String> released = new java.util.HashSet<>();
			for (ServletChildContext child : context.children()) {
				if (child.isReleasedAutomatically() && child.runId() != null) {
					released.add(child.runId());
				}
			}
			List<ChildRequestTrace> children;
			synchronized (this.children) {
				children = new ArrayList<>(this.children);
			}
			if (released.isEmpty()) {
				return children;
			}
			return children.stream().map((child) -> released.contains(child.id()) ? released(child) : child).toList();
		}

		private ChildRequestTrace released(ChildRequestTrace child) {
			return new ChildRequestTrace(child.id(), child.parentId(), child.depth(), child.method(), child.path(),
					child.flags(), child.status(), child.contentType(), child.contentLength(), child.startTime(),
					child.duration(), child.async(), child.error(), true, child.principal(), child.requestHeaders(),
					child.responseHeaders(), child.timeline(), child.children());
		}

		private ChildRequestTrace node(ServletPipelineContext context, List<ChildRequestTrace> children) {
			HttpServletRequest request = context.request();
			HttpServletResponse response = context.response();
			String path = request.getRequestURI().substring(request.getContextPath().length());
			if (request.getQueryString() != null) {
				path = path + "?" + request.getQueryString();
			}
			String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
			return new ChildRequestTrace(this.id, null, 0, request.getMethod(), path, Set.of(), response.getStatus(),
					response.getContentType(), (length != null) ? Long.parseLong(length) : -1, this.startTime,
					Duration.ofNanos(System.nanoTime() - this.start), false, describe(context.error()), false,
					principal(context.user()), headers(TraceInclude.REQUEST_HEADERS, requestHeaders(request)),
					headers(TraceInclude.RESPONSE_HEADERS, responseHeaders(response)), this.timeline, children);
		}

		private HttpHeaders requestHeaders(HttpServletRequest request) {
			HttpHeaders headers = new HttpHeaders();
			for (String name : Collections.list(request.getHeaderNames())) {
				headers.addAll(name, Collections.list(request.getHeaders(name)));
			}
			return headers;
		}

		private HttpHeaders responseHeaders(HttpServletResponse response) {
			HttpHeaders headers = new HttpHeaders();
			for (String name : response.getHeaderNames()) {
				headers.addAll(name, List.copyOf(response.getHeaders(name)));
			}
			return headers;
		}

	}

}
