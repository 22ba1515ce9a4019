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

package dev.integratedpipeline.trace;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.ChildEngine;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.servlet.PipelineTrace;
import dev.integratedpipeline.servlet.SensitiveQuery;
import dev.integratedpipeline.servlet.ServletPipelineContext;
import dev.integratedpipeline.servlet.child.ChildRequestListener;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTrace.Notification;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;
import dev.integratedpipeline.trace.TraceInclude;

/**
 * Records {@link ChildRequestTrace child-request traces}: the timeline of every request
 * that passes the pipeline, kept when the request spawned child requests (or always, when
 * asked), with its children nested in the order they were spawned.
 * <p>
 * Each node is bounded: it keeps at most {@code maxChildren} children (the first spawned)
 * and {@code maxNotifications} timeline entries (the first delivered), and counts the
 * others in {@link ChildRequestTrace#droppedChildren()} and
 * {@link ChildRequestTrace#droppedNotifications()}. A child that is cancelled (its parent
 * ended, or its caller cancelled its future) is recorded when cancelled, with what its
 * pipeline recorded so far.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ChildRequestTracing implements PipelineTrace.Factory, ChildRequestListener {

	private static final int DEFAULT_MAX_CHILDREN = 100;

	private static final int DEFAULT_MAX_NOTIFICATIONS = 1000;

	private static final Set<String> AUTHORIZATION_HEADERS = Set.of("authorization", "proxy-authorization");

	private static final Set<String> COOKIE_HEADERS = Set.of("cookie", "set-cookie");

	// Children complete in any order: list them as they were spawned. Their ids ("c" and
	// a number) are handed out in spawn order, so they break ties between equal start
	// times: a shorter number is a smaller one
	private static final Comparator<ChildRequestTrace> SPAWN_ORDER = Comparator
		.comparing((ChildRequestTrace node) -> node.timeline().startTime())
		.thenComparingInt((ChildRequestTrace node) -> node.id().length())
		.thenComparing(ChildRequestTrace::id);

	private static final AtomicLong ids = new AtomicLong();

	private final ChildRequestTraceRepository repository;

	private final boolean recordAll;

	private final Set<TraceInclude> includes;

	private final Set<String> sensitiveHeaders;

	private final int maxChildren;

	private final int maxNotifications;

	private volatile SensitiveQuery sensitiveQuery = SensitiveQuery.DEFAULT;

	/**
	 * Create a recorder that keeps 100 children and 1000 timeline entries per node.
	 * @param repository where to store the traces
	 * @param recordAll whether to record every request, not only those that spawned
	 * children
	 * @param includes what to record beyond the timeline, status and timing
	 * @param sensitiveHeaders further headers that stay out of traces unless
	 * {@link TraceInclude#SENSITIVE_HEADERS} is included
	 */
	public ChildRequestTracing(ChildRequestTraceRepository repository, boolean recordAll, Set<TraceInclude> includes,
			Set<String> sensitiveHeaders) {
		this(repository, recordAll, includes, sensitiveHeaders, DEFAULT_MAX_CHILDREN, DEFAULT_MAX_NOTIFICATIONS);
	}

	/**
	 * Create a recorder.
	 * @param repository where to store the traces
	 * @param recordAll whether to record every request, not only those that spawned
	 * children
	 * @param includes what to record beyond the timeline, status and timing
	 * @param sensitiveHeaders further headers that stay out of traces unless
	 * {@link TraceInclude#SENSITIVE_HEADERS} is included
	 * @param maxChildren how many children each node keeps; the others are counted
	 * @param maxNotifications how many timeline entries each node keeps; the others are
	 * counted
	 */
	public ChildRequestTracing(ChildRequestTraceRepository repository, boolean recordAll, Set<TraceInclude> includes,
			Set<String> sensitiveHeaders, int maxChildren, int maxNotifications) {
		Assert.notNull(repository, "'repository' must not be null");
		Assert.isTrue(maxChildren > 0, "'maxChildren' must be positive");
		Assert.isTrue(maxNotifications > 0, "'maxNotifications' must be positive");
		this.repository = repository;
		this.recordAll = recordAll;
		this.includes = includes.isEmpty() ? EnumSet.noneOf(TraceInclude.class) : EnumSet.copyOf(includes);
		Set<String> sensitive = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		sensitive.addAll(sensitiveHeaders);
		this.sensitiveHeaders = Collections.unmodifiableSet(sensitive);
		this.maxChildren = maxChildren;
		this.maxNotifications = maxNotifications;
	}

	/**
	 * Mask the values of these query parameters in the paths the traces record, in place
	 * of the default {@code password}, {@code token}, {@code access_token},
	 * {@code secret} and {@code api_key}; names are compared case-insensitively. Call it
	 * before the first request.
	 * @param names the parameter names, none to mask nothing
	 */
	public void setSensitiveQueryParameters(Collection<String> names) {
		Assert.notNull(names, "'names' must not be null");
		this.sensitiveQuery = new SensitiveQuery(names);
	}

	@Override
	public PipelineTrace start(PipelineTrace.Traced context, HttpServletRequest request,
			@Nullable ChildState childState) {
		String id = (childState != null) ? childState.id() : "r" + ids.incrementAndGet();
		RecordingTrace trace = new RecordingTrace(id, context, childState);
		if (childState != null) {
			// So that the executor finds what the child's pipeline recorded
			childState.traced(trace);
		}
		return trace;
	}

	/**
	 * Record a child request that completed, failed or was cancelled: its node goes under
	 * its parent's trace, or becomes a root when it had no parent.
	 */
	@Override
	public void finished(ChildState state, Instant startTime, Duration elapsed, @Nullable ChildResponse response,
			long contentLength, @Nullable Throwable failure) {
		ChildRequest request = state.request();
		Recorded recorded = (state.trace() instanceof RecordingTrace trace) ? trace.recorded() : Recorded.NONE;
		// The child's pipeline knows its user, also one it authenticated from copied
		// credentials
		Principal user = (recorded.user() != null) ? recorded.user() : state.user();
		ChildRequestTrace.Request requested = new ChildRequestTrace.Request(request.method(),
				this.sensitiveQuery.mask(request.requestPath()), request.flags(), state.isAsync(), principal(user),
				state.identity().name().toLowerCase(Locale.ROOT),
				headers(TraceInclude.REQUEST_HEADERS, request.headers()));
		ChildRequestTrace.Response answered = new ChildRequestTrace.Response(
				(response != null) ? response.status() : 500, (response != null) ? response.contentType() : null,
				contentLength, describe((failure != null) ? failure : (response != null) ? response.error() : null),
				(response != null) ? headers(TraceInclude.RESPONSE_HEADERS, response.headers()) : null);
		ChildRequestTrace node = new ChildRequestTrace(state.id(), state.parentId(), state.depth(), requested, answered,
				new ChildRequestTrace.Timeline(startTime, elapsed, recorded.timeline(),
						recorded.droppedNotifications()),
				false, recorded.children(), recorded.droppedChildren());
		PipelineContext parent = state.parentContext();
		if (parent instanceof ServletPipelineContext parentContext
				&& parentContext.trace() instanceof RecordingTrace parentTrace) {
			parentTrace.add(node);
		}
		else {
			this.repository.add(node);
		}
	}

	private @Nullable String principal(@Nullable Principal user) {
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
		// As for a child: the application's exception, not the servlet's wrapper of it
		Throwable cause = (failure instanceof ServletException ex && ex.getRootCause() != null) ? ex.getRootCause()
				: failure;
		return (cause != null) ? cause.getClass().getName() + ": " + cause.getMessage() : null;
	}

	/**
	 * What the pipeline of one request recorded, as one immutable value.
	 */
	private record Recorded(List<Notification> timeline, int droppedNotifications, List<ChildRequestTrace> children,
			int droppedChildren, @Nullable Principal user) {

		static final Recorded NONE = new Recorded(List.of(), 0, List.of(), 0, null);

	}

	/**
	 * The trace of one request, filled as it passes the pipeline.
	 */
	private final class RecordingTrace implements PipelineTrace {

		private final String id;

		private final PipelineTrace.Traced context;

		private final @Nullable ChildState childState;

		private final long start = System.nanoTime();

		private final Instant startTime = Instant.now();

		// Guards the timeline and the children: children are added from their own
		// threads, and a cancelled child is recorded while its pipeline still runs
		private final Object lock = new Object();

		private final List<Notification> timeline = new ArrayList<>();

		private int droppedNotifications;

		private final List<ChildRequestTrace> children = new ArrayList<>();

		private int droppedChildren;

		private volatile @Nullable Recorded ended;

		RecordingTrace(String id, PipelineTrace.Traced context, @Nullable ChildState childState) {
			this.id = id;
			this.context = context;
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
			synchronized (this.lock) {
				if (this.timeline.size() >= ChildRequestTracing.this.maxNotifications) {
					this.droppedNotifications++;
					return;
				}
				this.timeline.add(new Notification(PipelineTrace.eventName(notification),
						PipelineTrace.isPostEvent(notification), module, status, Duration.ofNanos(start - this.start),
						Duration.ofNanos(now - start), this.context.takeTraceNote()));
			}
		}

		void add(ChildRequestTrace child) {
			synchronized (this.lock) {
				if (this.children.size() < ChildRequestTracing.this.maxChildren) {
					this.children.add(child);
					return;
				}
				this.droppedChildren++;
				// Keep the first children spawned: one that completes late but was
				// spawned before a kept child takes that child's place
				int latest = 0;
				for (int i = 1; i < this.children.size(); i++) {
					if (SPAWN_ORDER.compare(this.children.get(i), this.children.get(latest)) > 0) {
						latest = i;
					}
				}
				if (SPAWN_ORDER.compare(child, this.children.get(latest)) < 0) {
					this.children.set(latest, child);
				}
			}
		}

		/**
		 * Return what this request recorded: all of it once its pipeline ended, what it
		 * recorded so far before.
		 */
		Recorded recorded() {
			Recorded ended = this.ended;
			return (ended != null) ? ended : snapshot(Set.of());
		}

		private Recorded snapshot(Set<String> releasedAutomatically) {
			List<Notification> timeline;
			List<ChildRequestTrace> children;
			int droppedNotifications;
			int droppedChildren;
			synchronized (this.lock) {
				timeline = List.copyOf(this.timeline);
				children = new ArrayList<>(this.children);
				droppedNotifications = this.droppedNotifications;
				droppedChildren = this.droppedChildren;
			}
			children.sort(SPAWN_ORDER);
			if (!releasedAutomatically.isEmpty()) {
				children.replaceAll((child) -> releasedAutomatically.contains(child.id())
						? child.withReleasedAutomatically() : child);
			}
			// Asked only when recorded: the user may have Spring Security load its
			// context
			Principal user = ChildRequestTracing.this.includes.contains(TraceInclude.PRINCIPAL) ? this.context.user()
					: null;
			return new Recorded(timeline, droppedNotifications, children, droppedChildren, user);
		}

		@Override
		public void ended() {
			PipelineTrace.Traced context = this.context;
			if (this.childState == null && !ChildRequestTracing.this.recordAll && !hasChildren()) {
				// Not kept: nothing to snapshot
				return;
			}
			Recorded recorded = snapshot(releasedAutomatically(context));
			if (this.childState != null) {
				this.ended = recorded;
				return;
			}
			ChildRequestTracing.this.repository.add(node(context, recorded));
		}

		private boolean hasChildren() {
			synchronized (this.lock) {
				return !this.children.isEmpty();
			}
		}

		private Set<String> releasedAutomatically(PipelineTrace.Traced context) {
			Set<String> released = new HashSet<>();
			for (ChildEngine.Cloned child : context.clonedChildren()) {
				if (child.isReleasedAutomatically() && child.runId() != null) {
					released.add(child.runId());
				}
			}
			return released;
		}

		private ChildRequestTrace node(PipelineTrace.Traced context, Recorded recorded) {
			HttpServletRequest request = context.request();
			HttpServletResponse response = context.response();
			String path = request.getRequestURI().substring(request.getContextPath().length());
			String length = response.getHeader(HttpHeaders.CONTENT_LENGTH);
			ChildRequestTrace.Request requested = new ChildRequestTrace.Request(request.getMethod(),
					ChildRequestTracing.this.sensitiveQuery.mask(path, request.getQueryString()), Set.of(), false,
					principal(recorded.user()), null, headers(TraceInclude.REQUEST_HEADERS, requestHeaders(request)));
			ChildRequestTrace.Response answered = new ChildRequestTrace.Response(status(context),
					response.getContentType(), (length != null) ? Long.parseLong(length) : -1,
					describe(context.error()), headers(TraceInclude.RESPONSE_HEADERS, responseHeaders(response)));
			ChildRequestTrace.Timeline timeline = new ChildRequestTrace.Timeline(this.startTime,
					Duration.ofNanos(System.nanoTime() - this.start), recorded.timeline(),
					recorded.droppedNotifications());
			return new ChildRequestTrace(this.id, null, 0, requested, answered, timeline, false, recorded.children(),
					recorded.droppedChildren());
		}

		/**
		 * The status the client gets: when the request failed before its response was
		 * committed, the container answers 500 once the pipeline has ended, whatever the
		 * response says now.
		 */
		private int status(PipelineTrace.Traced context) {
			HttpServletResponse response = context.response();
			return (context.error() != null && !response.isCommitted()) ? 500 : response.getStatus();
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
