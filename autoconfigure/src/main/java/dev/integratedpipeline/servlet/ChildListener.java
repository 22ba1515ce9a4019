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

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildResponse;

/**
 * Follows child requests for traces and observations.
 *
 * @author Integrated Pipeline team
 */
interface ChildListener {

	/**
	 * A listener that does nothing.
	 */
	ChildListener NONE = new ChildListener() {
	};

	/**
	 * Wrap a task handed to another thread, so that it carries the caller's context.
	 * @param task the task
	 * @return the task to run
	 */
	default Runnable wrap(Runnable task) {
		return task;
	}

	/**
	 * Called once a child request completed or failed.
	 * @param run the child run
	 * @param response the response, if it completed
	 * @param failure the failure, if it failed
	 */
	default void finished(ChildRun run, @Nullable ChildResponse response, @Nullable Throwable failure) {
	}

}
