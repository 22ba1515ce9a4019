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

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import dev.integratedpipeline.servlet.PipelineAuthenticationFilter;
import dev.integratedpipeline.servlet.PipelineFilter;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;
import dev.integratedpipeline.trace.TraceInclude;

/**
 * Configuration properties of the integrated pipeline. Values that cannot work fail the
 * startup once bound, all of them reported at once with what to set instead.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline")
public class IntegratedPipelineProperties implements InitializingBean {

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
	 * Check the bound values, once they are bound.
	 * @throws IllegalStateException if any value cannot work
	 */
	@Override
	public void afterPropertiesSet() {
		PropertyChecks checks = new PropertyChecks();
		this.filter.check(checks);
		this.child.check(checks);
		this.trace.check(checks);
		checks.throwIfInvalid();
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

		void check(PropertyChecks checks) {
			// BEGIN_REQUEST must come before AUTHENTICATE_REQUEST; Spring Security's
			// filter, which sits between them, is checked once its order is known
			checks.require(this.order < this.authenticateOrder, "integrated-pipeline.filter.order", this.order,
					"must be lower than integrated-pipeline.filter.authenticate-order (" + this.authenticateOrder
							+ "): the filter that delivers BEGIN_REQUEST must run before the one that delivers "
							+ "AUTHENTICATE_REQUEST",
					"Set integrated-pipeline.filter.order below integrated-pipeline.filter.authenticate-order "
							+ "(the defaults are " + PipelineFilter.DEFAULT_ORDER + " and "
							+ PipelineAuthenticationFilter.DEFAULT_ORDER + ")");
		}

	}

	/**
	 * Child requests.
	 */
	public static class Child {

		/**
		 * The deepest nesting that {@code max-depth} may allow. A child run with
		 * {@code execute} runs on its caller's thread, so every level adds the whole
		 * filter chain and {@code DispatcherServlet} to that thread's stack: a 1 MB stack
		 * (the JVM's default on 64-bit Linux) held 49 levels in this project's test
		 * application, Spring Security included, before a {@link StackOverflowError}; 32
		 * leaves a third of it to the application's own frames.
		 */
		static final int MAX_DEPTH_LIMIT = 32;

		/**
		 * How deeply child requests may nest, at most 32; deeper ones fail with
		 * STACK_OVERFLOW.
		 */
		private int maxDepth = 10;

		/**
		 * How much content a child request may produce, at most just under 2GB; more
		 * fails with RESPONSE_TOO_LARGE.
		 */
		private DataSize maxBufferedBytes = DataSize.ofMegabytes(10);

		/**
		 * How long a child request may take, including its asynchronous processing,
		 * unless the request sets its own timeout. At least 1ms.
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

		void check(PropertyChecks checks) {
			checks.between("integrated-pipeline.child.max-depth", this.maxDepth, 1, MAX_DEPTH_LIMIT,
					"each level of nesting adds a whole request to the calling thread's stack, and deeper nesting "
							+ "would end in a StackOverflowError rather than STACK_OVERFLOW",
					10);
			long bytes = (this.maxBufferedBytes != null) ? this.maxBufferedBytes.toBytes() : 0;
			checks.between("integrated-pipeline.child.max-buffered-bytes", bytes, 1,
					ServletChildRequestExecutor.MAX_BUFFERED_BYTES,
					"a child's content is held in one byte array, which holds just under 2GB", "10MB");
			checks.positive("integrated-pipeline.child.timeout", this.timeout, Duration.ofSeconds(30));
			checks.atLeast("integrated-pipeline.child.max-concurrent", this.maxConcurrent, 1,
					ServletChildRequestExecutor.DEFAULT_MAX_CONCURRENT);
			if (this.maxTotalBufferedBytes != null) {
				checks.atLeast("integrated-pipeline.child.max-total-buffered-bytes",
						this.maxTotalBufferedBytes.toBytes(), 1, "a quarter of the maximum heap");
			}
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

		void check(PropertyChecks checks) {
			checks.atLeast("integrated-pipeline.trace.capacity", this.capacity, 1, 100);
			checks.atLeast("integrated-pipeline.trace.max-nodes", this.maxNodes, 1, 10000);
			checks.atLeast("integrated-pipeline.trace.max-children", this.maxChildren, 1, 100);
			checks.atLeast("integrated-pipeline.trace.max-notifications", this.maxNotifications, 1, 1000);
		}

	}

}
