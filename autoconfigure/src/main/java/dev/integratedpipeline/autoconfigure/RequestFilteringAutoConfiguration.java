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

import java.util.LinkedHashSet;
import java.util.function.Consumer;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.integratedpipeline.modules.filtering.RequestFilteringModule;
import dev.integratedpipeline.modules.filtering.RequestFilteringRule;
import dev.integratedpipeline.modules.filtering.RequestFilteringRules;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the request filtering module, when
 * {@code integrated-pipeline.request-filtering.enabled} is {@code true}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("integrated-pipeline.request-filtering.enabled")
@EnableConfigurationProperties(RequestFilteringProperties.class)
public final class RequestFilteringAutoConfiguration {

	static final String COUNTER = "integrated.pipeline.request.filtering.rejections";

	@Bean
	@ConditionalOnMissingBean
	RequestFilteringModule requestFilteringModule(RequestFilteringProperties properties,
			ObjectProvider<RejectionCounter> counter) {
		Consumer<RequestFilteringRule> listener = counter.getIfAvailable(() -> (rule) -> {
		});
		return new RequestFilteringModule(rules(properties), listener);
	}

	static RequestFilteringRules rules(RequestFilteringProperties properties) {
		return new RequestFilteringRules(new LinkedHashSet<>(properties.getDeniedMethods()),
				new LinkedHashSet<>(properties.getAllowedMethods()), properties.getMaxUrlLength(),
				properties.getMaxQueryStringLength(), properties.getMaxContentLength(), properties.getMaxHeaderBytes(),
				properties.getHeaderLimits(), new LinkedHashSet<>(properties.getHiddenSegments()),
				new LinkedHashSet<>(properties.getDeniedExtensions()),
				new LinkedHashSet<>(properties.getAllowedExtensions()), properties.isAllowUnlistedExtensions(),
				properties.getDeniedUrlSequences(), properties.isAllowDoubleEscaping(),
				properties.isAllowHighBitCharacters());
	}

	/**
	 * The {@code integrated.pipeline.request.filtering.rejections} counter, tagged
	 * {@code rule}.
	 */
	interface RejectionCounter extends Consumer<RequestFilteringRule> {

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MeterRegistry.class)
	static class RequestFilteringMetricsConfiguration {

		@Bean
		RejectionCounter integratedPipelineRequestFilteringCounter(ObjectProvider<MeterRegistry> registry) {
			ModuleCounter<RequestFilteringRule> counter = new ModuleCounter<>(registry, COUNTER, "rule",
					RequestFilteringRule.class, RequestFilteringRule::tag);
			return counter::accept;
		}

	}

}
