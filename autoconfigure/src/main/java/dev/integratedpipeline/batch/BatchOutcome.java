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

package dev.integratedpipeline.batch;

/**
 * How a batch ended, as {@link BatchMetrics} records it (the {@code outcome} tag of
 * {@code integrated.pipeline.batch.requests}).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum BatchOutcome {

	/**
	 * Accepted, and every item answered a 2xx status.
	 */
	SUCCESS,

	/**
	 * Accepted, and at least one item answered outside 2xx (none timed out).
	 */
	ITEM_ERRORS,

	/**
	 * Accepted, and the batch's timeout elapsed before every item completed: those items
	 * answered 504.
	 */
	TIMEOUT,

	/**
	 * Refused before any item ran: 400, 405, 413 or 415.
	 */
	REFUSED,

	/**
	 * Accepted, but the response could not be written to the end (the client went away)
	 * or the batch failed unexpectedly.
	 */
	ABORTED

}
