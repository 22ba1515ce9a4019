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

package dev.integratedpipeline.observation;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildResponse;

/**
 * The {@link Observation.Context} of one child request.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class ChildRequestObservationContext extends Observation.Context {

	private final ChildRequest request;

	private final String path;

	private final int depth;

	private final boolean async;

	private @Nullable ChildResponse response;

	/**
	 * Create a context.
	 * @param request the child request
	 * @param depth its nesting depth
	 * @param async whether it runs asynchronously
	 */
	public ChildRequestObservationContext(ChildRequest request, int depth, boolean async) {
		this(request, request.path(), depth, async);
	}

	/**
	 * Create a context whose recorded path is not the request's own, such as one with the
	 * values of sensitive query parameters masked.
	 * @param request the child request
	 * @param path the path with query to record
	 * @param depth its nesting depth
	 * @param async whether it runs asynchronously
	 */
	public ChildRequestObservationContext(ChildRequest request, String path, int depth, boolean async) {
		Assert.notNull(request, "'request' must not be null");
		Assert.notNull(path, "'path' must not be null");
		this.request = request;
		this.path = path;
		this.depth = depth;
		this.async = async;
	}

	/**
	 * Return the path with query to record, the values of sensitive query parameters
	 * ({@code integrated-pipeline.trace.sensitive-query-parameters}) masked: the one to
	 * put in an observation, where {@link ChildRequest#path()} would leak them.
	 * @return the path to record
	 */
	public String getPath() {
		return this.path;
	}

	/**
	 * Return the child request.
	 * @return the request
	 */
	public ChildRequest getRequest() {
		return this.request;
	}

	/**
	 * Return the nesting depth.
	 * @return the depth, {@code 1} for a child of a top-level request
	 */
	public int getDepth() {
		return this.depth;
	}

	/**
	 * Return whether the child runs asynchronously.
	 * @return whether it is asynchronous
	 */
	public boolean isAsync() {
		return this.async;
	}

	/**
	 * Return the response, once the child completed.
	 * @return the response or {@code null}
	 */
	public @Nullable ChildResponse getResponse() {
		return this.response;
	}

	/**
	 * Set the response of the completed child.
	 * @param response the response
	 */
	public void setResponse(@Nullable ChildResponse response) {
		this.response = response;
	}

}
