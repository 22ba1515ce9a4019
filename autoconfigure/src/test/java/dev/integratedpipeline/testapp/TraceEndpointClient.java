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

package dev.integratedpipeline.testapp;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.awaitility.Awaitility;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads the {@code childrequests} actuator endpoint over HTTP, as the tests of traces
 * share it: the listing, one trace by its path (waited for, since {@code END_REQUEST},
 * which records it, may run after the client got its response) and one node by its id.
 */
public final class TraceEndpointClient {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpTestClient http;

	public TraceEndpointClient(HttpTestClient http) {
		this.http = http;
	}

	/**
	 * Read a path of the endpoint, which must answer 200 with a JSON object.
	 * @param path the path, such as {@code /actuator/childrequests}
	 * @return the object
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> read(String path) {
		HttpResponse<String> response = this.http.get(path);
		assertThat(response.statusCode()).isEqualTo(200);
		return json.readValue(response.body(), Map.class);
	}

	/**
	 * Read the listing: the traces held and their nodes.
	 * @return the listing
	 */
	public Map<String, Object> listing() {
		return read("/actuator/childrequests");
	}

	/**
	 * Return the traces of the listing, newest first.
	 * @return the traces
	 */
	@SuppressWarnings("unchecked")
	public List<Map<String, Object>> traces() {
		return (List<Map<String, Object>>) listing().get("traces");
	}

	/**
	 * Wait for the trace of a request and return it.
	 * @param path the request's path, with its query
	 * @return the trace
	 */
	public Map<String, Object> traceOf(String path) {
		return Awaitility.await()
			.until(() -> traces().stream().filter((trace) -> path.equals(trace.get("path"))).findFirst().orElse(null),
					Objects::nonNull);
	}

	/**
	 * Wait for the node of a child request, the direct child of any trace, and return it.
	 * @param method the child's method
	 * @param path the child's path, with its query
	 * @return the child's node
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> childOf(String method, String path) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> traces().stream()
				.flatMap((trace) -> ((List<Map<String, Object>>) trace.get("children")).stream())
				.filter((child) -> method.equals(child.get("method")) && path.equals(child.get("path")))
				.findFirst()
				.orElse(null), Objects::nonNull);
	}

	/**
	 * Read one node of a trace by its id.
	 * @param id the node's id
	 * @return the node
	 */
	@SuppressWarnings("unchecked")
	public Map<String, Object> node(String id) {
		return (Map<String, Object>) read("/actuator/childrequests/" + id).get("trace");
	}

}
