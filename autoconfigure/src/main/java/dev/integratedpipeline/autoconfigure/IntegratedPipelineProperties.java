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

package dev.integratedpipeline.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.integratedpipeline.servlet.PipelineAuthenticationFilter;
import dev.integratedpipeline.servlet.PipelineFilter;
import dev.integratedpipeline.trace.TraceInclude;

/**
 * Configuration properties of the integrated pipeline.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline")
public class IntegratedPipelineProperties {

	/**
	 * Whether to enable the integrated pipeline and child requests.
	 */
	private boolean enabled = true;

	private final Filter filter = new Filter();

	private final Child child = new Child();

	private final Trace trace = new Trace();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Filter getFilter() {
		return this.filter;
	}

	public Child getChild() {
		return this.child;
	}

	public Trace getTrace() {
		return this.trace;
	}

	/**
	 * Where the pipeline's filters sit in the servlet filter chain.
	 */
	public static class Filter {

		/**
		 * Order of the filter that delivers BEGIN_REQUEST and ends every request. Must
		 * come before the authentication filters.
		 */
		private int order = PipelineFilter.DEFAULT_ORDER;

		/**
		 * Order of the filter that delivers AUTHENTICATE_REQUEST to
		 * RESOLVE_REQUEST_CACHE. Must come after the authentication filters (Spring
		 * Security's at -100).
		 */
		private int authenticateOrder = PipelineAuthenticationFilter.DEFAULT_ORDER;

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public int getAuthenticateOrder() {
			return this.authenticateOrder;
		}

		public void setAuthenticateOrder(int authenticateOrder) {
			this.authenticateOrder = authenticateOrder;
		}

	}

	/**
	 * Child requests.
	 */
	public static class Child {

		/**
		 * How deeply child requests may nest; deeper ones fail with STACK_OVERFLOW.
		 */
		private int maxDepth = 10;

		/**
		 * How much content a child request may produce; more fails with
		 * RESPONSE_TOO_LARGE.
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(10);

		/**
		 * How long a child request may take, including its asynchronous processing,
		 * unless the request sets its own timeout.
		 */
		private Duration timeout = Duration.ofSeconds(30);

		/**
		 * How many child requests may be in flight at once in the application, queued,
		 * running or asynchronous; more fail with OVERLOADED, at once.
		 */
		private int maxConcurrent = 256;

		/**
		 * How much content the child requests in flight may buffer between them; a child
		 * that would pass it fails with RESPONSE_TOO_LARGE. Defaults to a quarter of the
		 * maximum heap.
		 */
		private @Nullable DataSize maxTotalBufferedBytes;

		public int getMaxDepth() {
			return this.maxDepth;
		}

		public void setMaxDepth(int maxDepth) {
			this.maxDepth = maxDepth;
		}

		public DataSize getMaxBufferedBytes() {
			return this.maxBufferedBytes;
		}

		public void setMaxBufferedBytes(DataSize maxBufferedBytes) {
			this.maxBufferedBytes = maxBufferedBytes;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			this.maxConcurrent = maxConcurrent;
		}

		public @Nullable DataSize getMaxTotalBufferedBytes() {
			return this.maxTotalBufferedBytes;
		}

		public void setMaxTotalBufferedBytes(@Nullable DataSize maxTotalBufferedBytes) {
			this.maxTotalBufferedBytes = maxTotalBufferedBytes;
		}

		/**
		 * Return the content the child requests in flight may buffer between them: the
		 * configured size, or a quarter of the maximum heap.
		 * @return the bytes
		 */
		public long maxTotalBufferedBytesOrDefault() {
			DataSize size = this.maxTotalBufferedBytes;
			return (size != null) ? size.toBytes() : Runtime.getRuntime().maxMemory() / 4;
		}

	}

	/**
	 * Child-request traces, recorded when the childrequests actuator endpoint is
	 * available.
	 */
	public static class Trace {

		/**
		 * Whether to record every request, not only those that spawned child requests.
		 */
		private boolean recordAll;

		/**
		 * How many traces to keep in memory; the oldest are evicted.
		 */
		private int capacity = 100;

		/**
		 * How many nodes the traces kept in memory may have between them, roots and child
		 * requests of any depth; the oldest traces are evicted first, and a single larger
		 * trace is kept cut down to this many nodes.
		 */
		private int maxNodes = 10000;

		/**
		 * What to record beyond the timeline, status, timing and errors.
		 */
		private Set<TraceInclude> include = new HashSet<>();

		/**
		 * Further headers that stay out of traces unless SENSITIVE_HEADERS is included.
		 * Authorization, Proxy-Authorization, Cookie and Set-Cookie always need their own
		 * include.
		 */
		private Set<String> sensitiveHeaders = new HashSet<>();

		/**
		 * Query parameters whose values are masked in the paths that traces and
		 * observations record. Names are compared case-insensitively.
		 */
		private Set<String> sensitiveQueryParameters = new LinkedHashSet<>(
				List.of("password", "token", "access_token", "secret", "api_key"));

		/**
		 * How many child requests each node of a trace keeps, the first spawned; the
		 * others are counted in its droppedChildren.
		 */
		private int maxChildren = 100;

		/**
		 * How many notifications the timeline of each node of a trace keeps, the first
		 * delivered; the others are counted in its droppedNotifications.
		 */
		private int maxNotifications = 1000;

		public boolean isRecordAll() {
			return this.recordAll;
		}

		public void setRecordAll(boolean recordAll) {
			this.recordAll = recordAll;
		}

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public int getMaxNodes() {
			return this.maxNodes;
		}

		public void setMaxNodes(int maxNodes) {
			this.maxNodes = maxNodes;
		}

		public Set<TraceInclude> getInclude() {
			return this.include;
		}

		public void setInclude(Set<TraceInclude> include) {
			this.include = include;
		}

		public Set<String> getSensitiveHeaders() {
			return this.sensitiveHeaders;
		}

		public void setSensitiveHeaders(Set<String> sensitiveHeaders) {
			this.sensitiveHeaders = sensitiveHeaders;
		}

		public Set<String> getSensitiveQueryParameters() {
			return this.sensitiveQueryParameters;
		}

		public void setSensitiveQueryParameters(Set<String> sensitiveQueryParameters) {
			this.sensitiveQueryParameters = sensitiveQueryParameters;
		}

		public int getMaxChildren() {
			return this.maxChildren;
		}

		public void setMaxChildren(int maxChildren) {
			this.maxChildren = maxChildren;
		}

		public int getMaxNotifications() {
			return this.maxNotifications;
		}

		public void setMaxNotifications(int maxNotifications) {
			this.maxNotifications = maxNotifications;
		}

	}

}
