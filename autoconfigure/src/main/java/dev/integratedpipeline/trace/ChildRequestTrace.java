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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import org.jspecify.annotations.Nullable;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.NotificationStatus;

/**
 * What one request did in the pipeline and which child requests it spawned: a node of a
 * trace tree. The root is a top-level request, or a child request executed with no parent
 * (a background call); its children nest to any depth.
 * <p>
 * Like Spring Boot's {@code HttpExchange}, a node is made of parts: the {@link Request
 * request}, the {@link Response response} and the {@link Timeline timeline}, each
 * recorded once and shared by the copies that change something else
 * ({@link #withReleasedAutomatically()}, {@link #withChildren(List, int)}). In JSON (the
 * {@code childrequests} endpoint, over HTTP and JMX) a node stays flat: the parts' fields
 * are written in the node itself, under the names {@code method}, {@code path},
 * {@code flags}, {@code async}, {@code principal}, {@code identity},
 * {@code requestHeaders}, {@code status}, {@code contentType}, {@code contentLength},
 * {@code error}, {@code responseHeaders}, {@code startTime}, {@code duration},
 * {@code timeline} and {@code droppedNotifications}.
 *
 * @param id the id of this node, unique among recorded traces
 * @param parentId the id of the parent node, or {@code null} for a root
 * @param depth the nesting depth: {@code 0} for a top-level request
 * @param request what was asked, and by whom
 * @param response what was answered
 * @param timeline when it ran and the notifications delivered to modules
 * @param releasedAutomatically whether a child context was still unreleased when its
 * parent ended
 * @param children the child requests it spawned, in the order they were spawned; at most
 * {@code integrated-pipeline.trace.max-children}, the first spawned
 * @param droppedChildren how many child requests were left out of the children, past
 * their limit
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ChildRequestTrace(String id, @Nullable String parentId, int depth, @JsonUnwrapped Request request,
		@JsonUnwrapped Response response, @JsonUnwrapped Timeline timeline, boolean releasedAutomatically,
		List<ChildRequestTrace> children, int droppedChildren) {

	/**
	 * Create a trace node; the children are copied.
	 */
	public ChildRequestTrace {
		Assert.notNull(id, "'id' must not be null");
		Assert.notNull(request, "'request' must not be null");
		Assert.notNull(response, "'response' must not be null");
		Assert.notNull(timeline, "'timeline' must not be null");
		children = List.copyOf(children);
	}

	/**
	 * Return this node, marked as a child context released when its parent ended; its
	 * parts are shared, not copied.
	 * @return the node, released automatically
	 */
	public ChildRequestTrace withReleasedAutomatically() {
		return new ChildRequestTrace(this.id, this.parentId, this.depth, this.request, this.response, this.timeline,
				true, this.children, this.droppedChildren);
	}

	/**
	 * Return this node with other children; its parts are shared, not copied.
	 * @param children the children to keep
	 * @param droppedChildren how many were left out
	 * @return the node with those children
	 */
	public ChildRequestTrace withChildren(List<ChildRequestTrace> children, int droppedChildren) {
		return new ChildRequestTrace(this.id, this.parentId, this.depth, this.request, this.response, this.timeline,
				this.releasedAutomatically, children, droppedChildren);
	}

	/**
	 * Find this node or a descendant by id.
	 * @param id the id
	 * @return the node, or {@code null}
	 */
	public @Nullable ChildRequestTrace find(String id) {
		if (this.id.equals(id)) {
			return this;
		}
		for (ChildRequestTrace child : this.children) {
			ChildRequestTrace found = child.find(id);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	/**
	 * Count the nodes of this trace: this node and its descendants, those kept in
	 * {@link #children()} (not those only counted in {@link #droppedChildren()}).
	 * @return the number of nodes, at least {@code 1}
	 */
	public int nodeCount() {
		int count = 1;
		for (ChildRequestTrace child : this.children) {
			count += child.nodeCount();
		}
		return count;
	}

	/**
	 * What a request asked, and by whom.
	 *
	 * @param method the HTTP method
	 * @param path the path within the application, with the query (sensitive query
	 * parameters masked)
	 * @param flags the execution flags of a child request
	 * @param async whether it ran asynchronously (a child executed with
	 * {@code executeAsync} or {@code executeAll})
	 * @param principal the user's name, when principals are recorded: for a child
	 * request, the user its security saw
	 * @param identity for a child request, how its user was chosen: {@code parent} (its
	 * parent's user), {@code given} (the user it was given), {@code anonymous} (no user:
	 * asked for, or the default with no parent request) or {@code credentials}
	 * (authenticated from the credentials it carries); {@code null} for a top-level
	 * request
	 * @param headers the request headers, when recorded; {@code requestHeaders} in JSON
	 * @since 0.1.0
	 */
	public record Request(String method, String path, Set<ExecuteFlag> flags, boolean async, @Nullable String principal,
			@Nullable String identity, @JsonProperty("requestHeaders") @Nullable Map<String, List<String>> headers) {

		/**
		 * Create a request part; the flags are copied.
		 */
		public Request {
			flags = Set.copyOf(flags);
		}

	}

	/**
	 * What a request answered.
	 *
	 * @param status the response status
	 * @param contentType the response content type, if any
	 * @param contentLength the response content length, or {@code -1} when unknown
	 * @param error the failure, if any, as {@code type: message}
	 * @param headers the response headers, when recorded; {@code responseHeaders} in JSON
	 * @since 0.1.0
	 */
	public record Response(int status, @Nullable String contentType, long contentLength, @Nullable String error,
			@JsonProperty("responseHeaders") @Nullable Map<String, List<String>> headers) {

	}

	/**
	 * When a request ran, and what its modules were told.
	 *
	 * @param startTime when the request started
	 * @param duration how long it took
	 * @param notifications the notifications delivered to modules, in order; at most
	 * {@code integrated-pipeline.trace.max-notifications}; {@code timeline} in JSON
	 * @param droppedNotifications how many notifications were left out, past their limit
	 * @since 0.1.0
	 */
	public record Timeline(Instant startTime, Duration duration,
			@JsonProperty("timeline") List<Notification> notifications, int droppedNotifications) {

		/**
		 * Create a timeline; the notifications are copied.
		 */
		public Timeline {
			notifications = List.copyOf(notifications);
		}

	}

	/**
	 * One notification delivered to one module.
	 *
	 * @param event the event: a {@link dev.integratedpipeline.pipeline.RequestEvent}
	 * name, or {@code MAP_PATH}, {@code READ_ENTITY}, {@code SEND_RESPONSE},
	 * {@code CUSTOM_NOTIFICATION}, {@code ASYNC_COMPLETION}
	 * @param post whether it was the post-event
	 * @param module the module bean name
	 * @param status what the module answered, or {@code null} when it threw
	 * @param offset when it started, from the start of the request
	 * @param duration how long the module took
	 * @param note what the module said it did
	 * ({@link dev.integratedpipeline.pipeline.PipelineContext#traceNote(String)}), if
	 * anything
	 */
	public record Notification(String event, boolean post, String module, @Nullable NotificationStatus status,
			Duration offset, Duration duration, @Nullable String note) {

		/**
		 * Create an entry without a note.
		 * @param event the event
		 * @param post whether it was the post-event
		 * @param module the module bean name
		 * @param status what the module answered, or {@code null} when it threw
		 * @param offset when it started, from the start of the request
		 * @param duration how long the module took
		 */
		public Notification(String event, boolean post, String module, @Nullable NotificationStatus status,
				Duration offset, Duration duration) {
			this(event, post, module, status, offset, duration, null);
		}

	}

}
