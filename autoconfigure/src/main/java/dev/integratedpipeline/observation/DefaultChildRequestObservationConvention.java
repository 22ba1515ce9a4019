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

package dev.integratedpipeline.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;

import dev.integratedpipeline.child.ChildResponse;

/**
 * The default {@link ChildRequestObservationConvention}: observations named
 * {@value #NAME}, with the low-cardinality keys {@code method}, {@code status},
 * {@code outcome}, {@code depth}, {@code async} and {@code exception}, and the
 * high-cardinality key {@code path} (with the values of sensitive query parameters
 * masked).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class DefaultChildRequestObservationConvention implements ChildRequestObservationConvention {

	/**
	 * The name of child-request observations, and of their timer.
	 */
	public static final String NAME = "integrated.pipeline.child.requests";

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(ChildRequestObservationContext context) {
		return "child " + context.getRequest().method();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ChildRequestObservationContext context) {
		ChildResponse response = context.getResponse();
		String status = (response != null) ? String.valueOf(response.status()) : "UNKNOWN";
		Throwable error = (context.getError() != null) ? context.getError()
				: (response != null) ? response.error() : null;
		return KeyValues.of(KeyValue.of("method", context.getRequest().method()), KeyValue.of("status", status),
				KeyValue.of("outcome", outcome(response)), KeyValue.of("depth", String.valueOf(context.getDepth())),
				KeyValue.of("async", String.valueOf(context.isAsync())),
				KeyValue.of("exception", (error != null) ? error.getClass().getSimpleName() : "none"));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ChildRequestObservationContext context) {
		return KeyValues.of(KeyValue.of("path", context.getPath()));
	}

	private static String outcome(@Nullable ChildResponse response) {
		if (response == null) {
			return "UNKNOWN";
		}
		HttpStatus.Series series = HttpStatus.Series.resolve(response.status());
		if (series == null) {
			return "UNKNOWN";
		}
		// Boot's outcome names, which differ from the series' in one place (SUCCESS)
		return switch (series) {
			case INFORMATIONAL -> "INFORMATIONAL";
			case SUCCESSFUL -> "SUCCESS";
			case REDIRECTION -> "REDIRECTION";
			case CLIENT_ERROR -> "CLIENT_ERROR";
			case SERVER_ERROR -> "SERVER_ERROR";
		};
	}

}
