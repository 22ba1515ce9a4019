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

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.integratedpipeline.actuate.ChildRequestsEndpoint;
import dev.integratedpipeline.actuate.ChildRequestsEndpointWebExtension;
import dev.integratedpipeline.servlet.IntegratedPipeline;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;
import dev.integratedpipeline.trace.ChildRequestTracing;
import dev.integratedpipeline.trace.InMemoryChildRequestTraceRepository;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for child-request traces and the {@link ChildRequestsEndpoint}.
 * Traces are recorded only while the endpoint is available (exposed and enabled), so an
 * application that does not look at them pays nothing.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(IntegratedPipeline.class)
@ConditionalOnAvailableEndpoint(ChildRequestsEndpoint.class)
public final class ChildRequestTracingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ChildRequestTraceRepository childRequestTraceRepository(IntegratedPipelineProperties properties) {
		IntegratedPipelineProperties.Trace trace = properties.getTrace();
		return new InMemoryChildRequestTraceRepository(trace.getCapacity(), trace.getMaxNodes());
	}

	@Bean
	@ConditionalOnMissingBean
	ChildRequestTracing childRequestTracing(ChildRequestTraceRepository repository,
			IntegratedPipelineProperties properties) {
		IntegratedPipelineProperties.Trace trace = properties.getTrace();
		ChildRequestTracing tracing = new ChildRequestTracing(repository, trace.isRecordAll(), trace.getInclude(),
				trace.getSensitiveHeaders(), trace.getMaxChildren(), trace.getMaxNotifications());
		tracing.setSensitiveQueryParameters(trace.getSensitiveQueryParameters());
		return tracing;
	}

	/**
	 * Hands the {@link ChildRequestTracing} to both ends that record, the pipeline the
	 * timelines and the executor the child nodes, whoever declared it: once every
	 * singleton exists, before the server takes requests.
	 */
	@Bean
	@ConditionalOnMissingBean
	ChildRequestsEndpoint childRequestsEndpoint(ChildRequestTraceRepository repository) {
		return new ChildRequestsEndpoint(repository);
	}

	@Bean
	@ConditionalOnMissingBean
	ChildRequestsEndpointWebExtension childRequestsEndpointWebExtension() {
		return new ChildRequestsEndpointWebExtension();
	}

}
