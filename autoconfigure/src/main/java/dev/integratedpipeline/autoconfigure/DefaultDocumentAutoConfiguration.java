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

import dev.integratedpipeline.modules.defaultdocument.DefaultDocumentModule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the default documents module, off by default
 * ({@code integrated-pipeline.default-document.enabled}). Declare a
 * {@link DefaultDocumentModule} bean of your own to replace it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("integrated-pipeline.default-document.enabled")
@EnableConfigurationProperties(DefaultDocumentProperties.class)
public final class DefaultDocumentAutoConfiguration {

	// Named for the starter, so that an application's own module class of the same
	// simple name (the README's DefaultDocumentModule example) does not clash with it
	@Bean
	@ConditionalOnMissingBean
	DefaultDocumentModule integratedPipelineDefaultDocumentModule(DefaultDocumentProperties properties) {
		return new DefaultDocumentModule(properties.getFiles());
	}

}
