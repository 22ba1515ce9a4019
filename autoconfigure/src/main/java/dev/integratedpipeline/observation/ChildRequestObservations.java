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

import java.util.Collection;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.observation.ChildRequestObservationContext;
import dev.integratedpipeline.observation.ChildRequestObservationConvention;
import dev.integratedpipeline.observation.DefaultChildRequestObservationConvention;
import dev.integratedpipeline.servlet.ChildState;
import dev.integratedpipeline.servlet.ObservationHandle;
import dev.integratedpipeline.servlet.SensitiveQuery;
import dev.integratedpipeline.servlet.child.ChildRequestListener;

/**
 * Observes child requests with Micrometer: one observation per child, started on the
 * caller's thread as a child of the caller's current observation (so that an asynchronous
 * child nests under its caller too) and in scope while the child runs. A grandchild nests
 * under its calling child's observation even though the child's own
 * {@code http.server.requests} observation is a no-op that breaks the chain of current
 * observations.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ChildRequestObservations implements ChildRequestListener {

	private static final ChildRequestObservationConvention DEFAULT_CONVENTION = new DefaultChildRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ChildRequestObservationConvention convention;

	private volatile SensitiveQuery sensitiveQuery = SensitiveQuery.DEFAULT;

	/**
	 * Create the observations.
	 * @param registry the registry
	 * @param convention a custom convention, or {@code null} for the default one
	 */
	public ChildRequestObservations(ObservationRegistry registry,
			@Nullable ChildRequestObservationConvention convention) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		this.convention = convention;
	}

	/**
	 * Mask the values of these query parameters in the path the observations carry (the
	 * {@link ChildRequestObservationContext#getPath() context's path}), in place of the
	 * default {@code password}, {@code token}, {@code access_token}, {@code secret} and
	 * {@code api_key}; names are compared case-insensitively. Call it before the first
	 * request.
	 * @param names the parameter names, none to mask nothing
	 */
	public void setSensitiveQueryParameters(Collection<String> names) {
		Assert.notNull(names, "'names' must not be null");
		this.sensitiveQuery = new SensitiveQuery(names);
	}

	/**
	 * Start the observation of a child, on its caller's thread.
	 * @param state the child
	 * @param caller the child request that executes it, if its caller is one
	 * @return the handle of the observation
	 */
	@Override
	public ObservationHandle started(ChildState state, @Nullable ChildState caller) {
		ChildRequestObservationContext context = new ChildRequestObservationContext(state.request(),
				this.sensitiveQuery.mask(state.request().requestPath()), state.depth(), state.isAsync());
		Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context,
				this.registry);
		Observation parent = parent(caller);
		if (parent != null) {
			observation.parentObservation(parent);
		}
		observation.start();
		MicrometerHandle handle = new MicrometerHandle(observation, context);
		state.observed(handle);
		return handle;
	}

	/**
	 * Return the caller's current observation, unless the caller is a child request and
	 * the current observation does not lead back to that child's: then the calling
	 * child's observation. The observations a child's filters start nest under the
	 * child's {@code http.server.requests} observation, which is a no-op (child requests
	 * are kept out of it), so their chain ends there.
	 */
	private @Nullable Observation parent(@Nullable ChildState caller) {
		Observation current = this.registry.getCurrentObservation();
		Observation callerObservation = (caller != null && caller.observation() instanceof MicrometerHandle handle)
				? handle.observation() : null;
		return (callerObservation == null || leadsTo(current, callerObservation)) ? current : callerObservation;
	}

	private static boolean leadsTo(@Nullable ObservationView observation, Observation ancestor) {
		for (ObservationView view = observation; view != null; view = view.getContextView().getParentObservation()) {
			if (view == ancestor) {
				return true;
			}
			if (view instanceof Observation candidate && candidate.isNoop()) {
				return false;
			}
		}
		return false;
	}

	private record MicrometerHandle(Observation observation,
			ChildRequestObservationContext context) implements ObservationHandle {

		@Override
		public Scope open() {
			Observation.Scope scope = this.observation.openScope();
			return scope::close;
		}

		@Override
		public void stop(@Nullable ChildResponse response, @Nullable Throwable failure) {
			this.context.setResponse(response);
			if (failure != null) {
				this.observation.error(failure);
			}
			this.observation.stop();
		}

	}

}
