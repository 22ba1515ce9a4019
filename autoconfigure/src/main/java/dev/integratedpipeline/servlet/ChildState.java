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

import java.security.Principal;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequest.Identity;
import dev.integratedpipeline.pipeline.PipelineContext;

/**
 * What a child request carries into its own pipeline: who issued it, how deep it is
 * nested, which modules skip it and who its user is.
 *
 * @author Integrated Pipeline team
 */
public final class ChildState {

	public static final String ATTRIBUTE = ChildState.class.getName();

	private final ChildRequest request;

	private final @Nullable PipelineContext parentContext;

	private final int depth;

	private final Set<String> excludedModules;

	private final String id;

	private final @Nullable String parentId;

	private final boolean async;

	private final Identity identity;

	private final @Nullable Principal user;

	// The child's own trace and observation, each published once as a whole
	// Opaque here: what the trace factory attached, read back by it alone, so that this
	// value (which the factory is handed) does not depend on the factory's types
	private volatile @Nullable Object trace;

	private volatile ObservationHandle observation = ObservationHandle.NONE;

	public ChildState(ChildRequest request, @Nullable PipelineContext parentContext, int depth,
			Set<String> excludedModules, String id, @Nullable String parentId, boolean async, Identity identity,
			@Nullable Principal user) {
		this.request = request;
		this.parentContext = parentContext;
		this.depth = depth;
		this.excludedModules = excludedModules;
		this.id = id;
		this.parentId = parentId;
		this.async = async;
		this.identity = identity;
		this.user = user;
	}

	public ChildRequest request() {
		return this.request;
	}

	public @Nullable PipelineContext parentContext() {
		return this.parentContext;
	}

	public int depth() {
		return this.depth;
	}

	public Set<String> excludedModules() {
		return this.excludedModules;
	}

	public String id() {
		return this.id;
	}

	public @Nullable String parentId() {
		return this.parentId;
	}

	public boolean isAsync() {
		return this.async;
	}

	public void traced(Object trace) {
		this.trace = trace;
	}

	public @Nullable Object trace() {
		return this.trace;
	}

	public void observed(ObservationHandle observation) {
		this.observation = observation;
	}

	public ObservationHandle observation() {
		return this.observation;
	}

	boolean excludes(String module) {
		return !this.excludedModules.isEmpty() && this.excludedModules.contains(module);
	}

	/**
	 * Return how the child's user was chosen: {@code PARENT} with no parent request is
	 * {@code ANONYMOUS}.
	 * @return the identity rule applied
	 */
	public Identity identity() {
		return this.identity;
	}

	/**
	 * Return whether authentication is skipped for the child: its user was chosen for it
	 * (its parent's, the given one or none) rather than authenticated from the
	 * credentials it carries.
	 * @return whether it skips authentication
	 */
	public boolean skipsAuthentication() {
		return this.identity != Identity.CREDENTIALS;
	}

	/**
	 * Return the user chosen for a child that {@link #skipsAuthentication() skips
	 * authentication}.
	 * @return the user or {@code null} for anonymous, and for a child that authenticates
	 * itself
	 */
	public @Nullable Principal user() {
		return this.user;
	}

}
