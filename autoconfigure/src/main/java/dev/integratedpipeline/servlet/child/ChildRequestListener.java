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

package dev.integratedpipeline.servlet.child;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.servlet.ObservationHandle;

/**
 * What the child engine tells about each child request it runs, so that tracing and
 * observations can follow children without the engine knowing either. Called by
 * {@link ServletChildRequestExecutor}: {@link #started} on the caller's thread before the
 * child runs, {@link #finished} once, on whichever thread the child completed, failed or
 * was cancelled. A listener should not throw: what {@link #started} throws fails the
 * child before it runs, as a refused child fails; what {@link #finished} throws is
 * logged, the other listeners are told all the same, and the child's outcome stands.
 *
 * @author Integrated Pipeline team
 */
public interface ChildRequestListener {

	/**
	 * A child request is about to run.
	 * @param child the child
	 * @param caller the child request that executes it, if its caller is one
	 * @return the handle of the child's observation, {@link ObservationHandle#NONE} when
	 * the listener observes nothing
	 */
	default ObservationHandle started(ChildState child, @Nullable ChildState caller) {
		return ObservationHandle.NONE;
	}

	/**
	 * A child request completed, failed or was cancelled.
	 * @param child the child
	 * @param startTime when it started
	 * @param elapsed how long it ran
	 * @param response its response, {@code null} when it produced none
	 * @param contentLength how many bytes of content it answered: its response's, or the
	 * bytes it wrote into its parent's response when it streamed there (its response then
	 * holds none); {@code -1} without a response
	 * @param failure why it failed, or {@code null}
	 */
	default void finished(ChildState child, Instant startTime, Duration elapsed, @Nullable ChildResponse response,
			long contentLength, @Nullable Throwable failure) {
	}

}
