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

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.NotificationStatus;

/**
 * What one request did in the pipeline and which child requests it spawned: a node of a
 * trace tree. The root is a top-level request, or a child request executed with no parent
 * (a background call); its children nest to any depth.
 *
 * @param id the id of this node, unique among recorded traces
 * @param parentId the id of the parent node, or {@code null} for a root
 * @param depth the nesting depth: {@code 0} for a top-level request
 * @param method the HTTP method
 * @param path the path within the application, with the query
 * @param flags the execution flags of a child request
 * @param status the response status
 * @param contentType the response content type, if any
 * @param contentLength the response content length, or {@code -1} when unknown
 * @param startTime when the request started
 * @param duration how long it took
 * @param async whether it ran asynchronously (a child executed with {@code executeAsync}
 * or {@code executeAll})
 * @param error the failure, if any, as {@code type: message}
 * @param releasedAutomatically whether a child context was still unreleased when its
 * parent ended
 * @param principal the user's name, when principals are recorded: for a child request,
 * the user its security saw
 * @param identity for a child request, how its user was chosen: {@code parent} (its
 * parent's user), {@code given} (the user it was given), {@code anonymous} (no user:
 * asked for, or the default with no parent request) or {@code credentials} (authenticated
 * from the credentials it carries); {@code null} for a top-level request
 * @param requestHeaders the request headers, when recorded
 * @param responseHeaders the response headers, when recorded
 * @param timeline the notifications delivered to modules, in order; at most
 * {@code integrated-pipeline.trace.max-notifications}
 * @param droppedNotifications how many notifications were left out of the timeline, past
 * its limit
 * @param children the child requests it spawned, in the order they were spawned; at most
 * {@code integrated-pipeline.trace.max-children}, the first spawned
 * @param droppedChildren how many child requests were left out of the children, past
 * their limit
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ChildRequestTrace(String id, @Nullable String parentId, int depth, String method, String path,
		Set<ExecuteFlag> flags, int status, @Nullable String contentType, long contentLength, Instant startTime,
		Duration duration, boolean async, @Nullable String error, boolean releasedAutomatically,
		@Nullable String principal, @Nullable String identity, @Nullable Map<String, List<String>> requestHeaders,
		@Nullable Map<String, List<String>> responseHeaders, List<Notification> timeline, int droppedNotifications,
		List<ChildRequestTrace> children, int droppedChildren) {

	/**
	 * Create a trace node; the collections are copied.
	 */
	public ChildRequestTrace {
		flags = Set.copyOf(flags);
		timeline = List.copyOf(timeline);
		children = List.copyOf(children);
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
	 */
	public record Notification(String event, boolean post, String module, @Nullable NotificationStatus status,
			Duration offset, Duration duration) {

	}

}
