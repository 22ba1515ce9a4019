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

import java.time.Clock;

import org.slf4j.LoggerFactory;

import dev.integratedpipeline.modules.accesslog.AccessLogModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the W3C access log module, written through SLF4J, off by default
 * ({@code integrated-pipeline.access-log.enabled}). Declare a {@link AccessLogModule}
 * bean of your own to replace it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("integrated-pipeline.access-log.enabled")
@ConditionalOnClass(name = "org.slf4j.Logger")
@EnableConfigurationProperties(AccessLogProperties.class)
public final class AccessLogAutoConfiguration {

	// Named for the starter, so that an application's own module class of the same
	// simple name (the README's DefaultDocumentModule example) does not clash with it
	@Bean
	@ConditionalOnMissingBean
	AccessLogModule integratedPipelineAccessLogModule(AccessLogProperties properties) {
		String fields = properties.getFields();
		if (properties.isIncludeChildren() && fields.equals(AccessLogModule.DEFAULT_FIELDS)) {
			fields = fields + " x-parent-id";
		}
		// Closed with the context (an inferred destroy method): buffered lines are
		// written
		return new AccessLogModule(fields, properties.isIncludeChildren(),
				LoggerFactory.getLogger(AccessLogModule.LOGGER_NAME), Clock.systemUTC(), properties.getBufferSize(),
				properties.getFlushInterval());
	}

}
