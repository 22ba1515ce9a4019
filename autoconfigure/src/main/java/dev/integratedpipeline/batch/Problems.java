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

package dev.integratedpipeline.batch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

import dev.integratedpipeline.child.ChildResponse;

/**
 * Writes a {@link ProblemDetail} as {@code application/problem+json} (RFC 9457), its
 * properties as members of their own, as Spring MVC renders it.
 *
 * @author Integrated Pipeline team
 */
final class Problems {

	static final String CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

	private Problems() {
	}

	static void write(ProblemDetail problem, OutputStream out, JsonMapper mapper) throws IOException {
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			write(problem, generator);
		}
	}

	static byte[] toBytes(ProblemDetail problem, JsonMapper mapper) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(256);
		try (JsonGenerator generator = mapper.createGenerator(out)) {
			write(problem, generator);
		}
		return out.toByteArray();
	}

	/**
	 * Return a problem as the response of an item that the batch answers itself (424,
	 * 504, a refusal): no child ran, so none wrote it.
	 */
	static ChildResponse toResponse(ProblemDetail problem, JsonMapper mapper) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		return new ChildResponse(problem.getStatus(), headers, toBytes(problem, mapper), CONTENT_TYPE, Duration.ZERO,
				null);
	}

	private static void write(ProblemDetail problem, JsonGenerator generator) {
		generator.writeStartObject();
		URI type = problem.getType();
		generator.writeStringProperty("type", (type != null) ? type.toString() : "about:blank");
		if (problem.getTitle() != null) {
			generator.writeStringProperty("title", problem.getTitle());
		}
		generator.writeNumberProperty("status", problem.getStatus());
		if (problem.getDetail() != null) {
			generator.writeStringProperty("detail", problem.getDetail());
		}
		if (problem.getInstance() != null) {
			generator.writeStringProperty("instance", problem.getInstance().toString());
		}
		Map<String, Object> properties = problem.getProperties();
		if (properties != null) {
			properties.forEach((name, value) -> {
				generator.writeName(name);
				generator.writePOJO(value);
			});
		}
		generator.writeEndObject();
	}

}
