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

package dev.integratedpipeline.child;

import org.springframework.util.Assert;

/**
 * Thrown when a child request cannot be executed or released, with the reason, after the
 * {@code HRESULT}s of IIS's {@code ExecuteRequest} and {@code ReleaseClonedContext}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class ChildRequestException extends RuntimeException {

	private final Reason reason;

	/**
	 * Create a new exception.
	 * @param reason why the child request failed
	 * @param message the detail message
	 */
	public ChildRequestException(Reason reason, String message) {
		this(reason, message, null);
	}

	/**
	 * Create a new exception.
	 * @param reason why the child request failed
	 * @param message the detail message
	 * @param cause the cause, if any
	 */
	public ChildRequestException(Reason reason, String message, @org.jspecify.annotations.Nullable Throwable cause) {
		super(message, cause);
		Assert.notNull(reason, "'reason' must not be null");
		this.reason = reason;
	}

	/**
	 * Return why the child request failed.
	 * @return the reason
	 */
	public Reason reason() {
		return this.reason;
	}

	/**
	 * Why a child request failed.
	 */
	public enum Reason {

		/**
		 * The child was not cloned from the context that executes it, synchronous
		 * execution was asked of the IIS-style API, the child's URL is served by another
		 * servlet without {@link ExecuteFlag#IGNORE_APPPOOL}, or the servlet container
		 * cannot run child requests.
		 */
		NOT_SUPPORTED,

		/**
		 * Child requests are nested beyond {@code integrated-pipeline.child.max-depth}.
		 */
		STACK_OVERFLOW,

		/**
		 * A child context was released after its parent, out of reverse creation order,
		 * or twice.
		 */
		INVALID_PARAMETER,

		/**
		 * The child context was executed before: each executes once.
		 */
		ALREADY_EXECUTED,

		/**
		 * The child's content exceeded
		 * {@code integrated-pipeline.child.max-buffered-bytes}, or would have taken the
		 * content buffered by all children in flight beyond
		 * {@code integrated-pipeline.child.max-total-buffered-bytes}.
		 */
		RESPONSE_TOO_LARGE,

		/**
		 * The child did not complete within its timeout (counted from when it was issued,
		 * time spent waiting for a thread included), its asynchronous processing did not
		 * complete within the timeout its handler set and no async listener answered it.
		 */
		TIMEOUT,

		/**
		 * The child was cancelled before it completed: its parent request ended first (or
		 * had ended when the child was issued from another thread), its child context was
		 * released while it ran, or its caller cancelled its future.
		 * @since 0.1.0
		 */
		CANCELLED,

		/**
		 * The thread waiting for the child was interrupted; the child was cancelled.
		 */
		INTERRUPTED,

		/**
		 * More child requests than {@code integrated-pipeline.child.max-concurrent} would
		 * be in flight at once (queued, running or asynchronous) in the application; the
		 * child was refused before it ran. The bound that holds where the nesting depth
		 * cannot be known: children issued from threads the parent link was not
		 * propagated to.
		 * @since 0.1.0
		 */
		OVERLOADED,

		/**
		 * The child could not run or complete for another reason: the task executor
		 * refused it or its asynchronous dispatch, writing its response into its parent's
		 * failed, or it failed unexpectedly. The cause says why.
		 */
		FAILED

	}

}
