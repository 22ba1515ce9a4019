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

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Lets the child engine's tests look at the asynchronous children the pipeline engine
 * tracks for a request that has no pipeline context.
 *
 * @author Integrated Pipeline team
 */
public final class ChildrenProbe {

	private ChildrenProbe() {
	}

	/**
	 * Return how many asynchronous children the request tracks.
	 * @param request the parent request
	 * @return the count, or {@code null} when it never tracked one
	 */
	public static @Nullable Integer tracked(HttpServletRequest request) {
		return (request.getAttribute(Children.ATTRIBUTE) instanceof Children children) ? children.size() : null;
	}

	/**
	 * End a dispatch of the request, as {@link PipelineFilter} does.
	 * @param request the request
	 */
	public static void dispatchEnded(HttpServletRequest request) {
		Children.dispatchEnded(request);
	}

}
