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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.observation.ChildRequestObservationContext;
import dev.integratedpipeline.observation.ChildRequestObservationConvention;
import dev.integratedpipeline.observation.DefaultChildRequestObservationConvention;

/**
 * Observes child requests with Micrometer: one observation per child, started on the
 * caller's thread as a child of the caller's current observation (so that an asynchronous
 * child nests under its caller too) and in scope while the child runs.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class ChildRequestObservations {

	private static final ChildRequestObservationConvention DEFAULT_CONVENTION = new DefaultChildRequestObservationConvention();

	private final ObservationRegistry registry;

	private final @Nullable ChildRequestObservationConvention convention;

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

	ObservationHandle start(ChildState state) {
		ChildRequestObservationContext context = new ChildRequestObservationContext(state.request(), state.depth(),
				state.isAsync());
		Observation observation = Observation.createNotStarted(this.convention, DEFAULT_CONVENTION, () -> context,
				this.registry);
		Observation parent = this.registry.getCurrentObservation();
		if (parent != null) {
			observation.parentObservation(parent);
		}
		observation.start();
		return new MicrometerHandle(observation, context);
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
