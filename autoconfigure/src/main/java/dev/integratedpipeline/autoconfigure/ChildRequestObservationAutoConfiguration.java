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

package dev.integratedpipeline.autoconfigure;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.server.observation.ServerRequestObservationContext;

import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.observation.ChildRequestObservationConvention;
import dev.integratedpipeline.observation.ChildRequestObservations;
import dev.integratedpipeline.servlet.child.ServletChildRequestExecutor;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for child-request observations: one observation per child, nested
 * under its caller's. Child requests are recorded under the child-request observation
 * only: they are kept out of {@code http.server.requests}, so that they do not inflate
 * the application's request figures.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean({ ObservationRegistry.class, ServletChildRequestExecutor.class })
public final class ChildRequestObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChildRequestObservations childRequestObservations(ObservationRegistry registry,
			ObjectProvider<ChildRequestObservationConvention> convention,
			ObjectProvider<IntegratedPipelineProperties> properties) {
		ChildRequestObservations observations = new ChildRequestObservations(registry, convention.getIfUnique());
		properties.ifAvailable((pipeline) -> observations
			.setSensitiveQueryParameters(pipeline.getTrace().getSensitiveQueryParameters()));
		return observations;
	}

	/**
	 * Hands the {@link ChildRequestObservations} to the executor, whoever declared them:
	 * once every singleton exists, before the server takes requests.
	 */
	@Bean
	ObservationPredicate childRequestsAreNotServerRequests() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext server
				&& ChildRequestExecutor.currentChildRequest(server.getCarrier()).isPresent());
	}

}
