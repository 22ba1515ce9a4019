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

import java.util.List;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when {@code integrated-pipeline.*} property values cannot work;
 * {@link InvalidPipelinePropertiesFailureAnalyzer} turns it into a description and an
 * action.
 *
 * @author Integrated Pipeline team
 */
final class InvalidPipelinePropertiesException extends IllegalStateException {

	private final List<Violation> violations;

	InvalidPipelinePropertiesException(List<Violation> violations) {
		super(violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
		this.violations = List.copyOf(violations);
	}

	List<Violation> violations() {
		return this.violations;
	}

	/**
	 * One property value that cannot work.
	 *
	 * @param property the property's name, as in {@code application.properties}
	 * @param value its value, {@code null} when unknown
	 * @param reason why it cannot work
	 * @param action what to set instead
	 */
	record Violation(String property, @Nullable Object value, String reason, String action) {

		@Override
		public String toString() {
			return this.property + "=" + this.value + " " + this.reason;
		}

	}

}
