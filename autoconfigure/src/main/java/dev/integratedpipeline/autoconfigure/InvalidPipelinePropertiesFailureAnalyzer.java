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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

import dev.integratedpipeline.autoconfigure.InvalidPipelinePropertiesException.Violation;

/**
 * Describes the {@code integrated-pipeline.*} property values that made the startup fail,
 * each with its value as configured and where it was configured, and says what to set
 * instead. Registered in {@code META-INF/spring.factories}.
 *
 * @author Integrated Pipeline team
 */
final class InvalidPipelinePropertiesFailureAnalyzer
		extends AbstractFailureAnalyzer<InvalidPipelinePropertiesException> {

	private final @Nullable Environment environment;

	InvalidPipelinePropertiesFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidPipelinePropertiesException cause) {
		StringBuilder description = new StringBuilder(
				"The integrated pipeline cannot work with these property values:\n");
		StringBuilder action = new StringBuilder("Update your application's configuration:\n");
		for (Violation violation : cause.violations()) {
			ConfigurationProperty configured = configured(violation.property());
			description.append("\n    Property: ").append(violation.property());
			description.append("\n    Value: \"")
				.append((configured != null) ? configured.getValue() : violation.value())
				.append("\"");
			if (configured != null && configured.getOrigin() != null) {
				description.append("\n    Origin: ").append(configured.getOrigin());
			}
			description.append("\n    Reason: ").append(violation.reason()).append('\n');
			action.append("\n    - ").append(violation.action());
		}
		return new FailureAnalysis(description.toString(), action.append('\n').toString(), cause);
	}

	private @Nullable ConfigurationProperty configured(String property) {
		if (this.environment == null || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty configured = source.getConfigurationProperty(name);
			if (configured != null) {
				return configured;
			}
		}
		return null;
	}

}
