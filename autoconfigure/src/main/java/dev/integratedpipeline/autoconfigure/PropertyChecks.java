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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.autoconfigure.InvalidPipelinePropertiesException.Violation;

/**
 * Collects the property values that cannot work, so that a startup reports all of them at
 * once. A new property gets its rule as one call in the {@code check} method of its group
 * in {@link IntegratedPipelineProperties}: {@link #atLeast}, {@link #between},
 * {@link #positive(String, Duration, Duration)} or, for anything else, {@link #require}.
 *
 * @author Integrated Pipeline team
 */
final class PropertyChecks {

	private final List<Violation> violations = new ArrayList<>();

	/**
	 * Require {@code value} to be at least {@code min}.
	 * @param property the property's name
	 * @param value its value
	 * @param min the smallest value that works
	 * @param defaultValue the property's default, named in the action
	 */
	void atLeast(String property, long value, long min, Object defaultValue) {
		require(value >= min, property, value, "must be at least " + min,
				"Set " + property + " to " + min + " or more (the default is " + defaultValue + ")");
	}

	/**
	 * Require {@code value} to be between {@code min} and {@code max}, both included.
	 * @param property the property's name
	 * @param value its value
	 * @param min the smallest value that works
	 * @param max the largest value that works
	 * @param why why larger values do not work
	 * @param defaultValue the property's default, named in the action
	 */
	void between(String property, long value, long min, long max, String why, Object defaultValue) {
		require(value >= min && value <= max, property, value, "must be between " + min + " and " + max + ": " + why,
				"Set " + property + " between " + min + " and " + max + " (the default is " + defaultValue + ")");
	}

	/**
	 * Require a duration of at least a millisecond, the resolution of the servlet
	 * container's timeouts.
	 * @param property the property's name
	 * @param value its value
	 * @param defaultValue the property's default, named in the action
	 */
	void positive(String property, @Nullable Duration value, Duration defaultValue) {
		require(value != null && value.toMillis() > 0, property, value,
				"must be at least 1ms: a zero or negative timeout would fail every child request at once",
				"Set " + property + " to a positive duration such as " + defaultValue.toSeconds() + "s (the default)");
	}

	/**
	 * Require a condition.
	 * @param condition whether the value works
	 * @param property the property's name
	 * @param value its value
	 * @param reason why it does not work, when it does not
	 * @param action what to set instead
	 */
	void require(boolean condition, String property, @Nullable Object value, String reason, String action) {
		if (!condition) {
			this.violations.add(new Violation(property, value, reason, action));
		}
	}

	/**
	 * Fail with every violation found so far.
	 * @throws InvalidPipelinePropertiesException if any value cannot work
	 */
	void throwIfInvalid() {
		if (!this.violations.isEmpty()) {
			throw new InvalidPipelinePropertiesException(this.violations);
		}
	}

}
