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
 * The observation of one child request, kept apart from Micrometer's types so that
 * Micrometer stays optional.
 *
 * @author Integrated Pipeline team
 */
public interface ObservationHandle {

	/**
	 * A handle that observes nothing.
	 */
	ObservationHandle NONE = new ObservationHandle() {
	};

	/**
	 * Put the observation in scope on the current thread while the child runs there.
	 * @return the scope to close
	 */
	default Scope open() {
		return () -> {
		};
	}

	/**
	 * Stop the observation once the child completed or failed.
	 * @param response the response, if it completed
	 * @param failure the failure, if it failed
	 */
	default void stop(@Nullable ChildResponse response, @Nullable Throwable failure) {
	}

	/**
	 * An open scope.
	 */
	interface Scope extends AutoCloseable {

		@Override
		void close();

	}

}
