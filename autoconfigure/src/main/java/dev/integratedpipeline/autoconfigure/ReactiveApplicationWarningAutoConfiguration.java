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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for a reactive application that has the starter: one startup
 * warning that the integrated pipeline and child requests are for Spring MVC only, and
 * nothing else.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
public final class ReactiveApplicationWarningAutoConfiguration {

	static final String MESSAGE = "The integrated pipeline and child requests need a Spring MVC (servlet) "
			+ "application; this one is reactive. What works: nothing of the integrated pipeline, no "
			+ "PipelineModule is notified and no ChildRequestExecutor is available; WebFlux handles every "
			+ "request as usual. Set integrated-pipeline.enabled=false to silence this warning.";

	private static final Log logger = LogFactory.getLog(ReactiveApplicationWarningAutoConfiguration.class);

	@Bean
	static SmartInitializingSingleton integratedPipelineReactiveApplicationWarning() {
		// Once the context's singletons exist, so once per startup
		return () -> logger.warn(MESSAGE);
	}

}
