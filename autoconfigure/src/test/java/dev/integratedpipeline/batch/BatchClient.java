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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends batches to the embedded server over real HTTP, with the CSRF token of
 * {@link BatchTestApplication} unless told otherwise, and reads the answers.
 */
final class BatchClient {

	static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	BatchClient(int port) {
		this.port = port;
	}

	/**
	 * POST a batch as {@code application/json} with the CSRF token.
	 */
	HttpResponse<String> post(String batch, String... headers) {
		List<String> all = new ArrayList<>(Arrays.asList(BatchTestApplication.CSRF_HEADERS));
		all.add("Content-Type");
		all.add("application/json");
		all.addAll(Arrays.asList(headers));
		return send("POST", "/$batch", HttpRequest.BodyPublishers.ofString(batch), all.toArray(String[]::new));
	}

	HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, body)
			.timeout(Duration.ofSeconds(30));
		if (headers.length > 0) {
			builder.headers(headers);
		}
		try {
			return this.client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	static JsonNode body(HttpResponse<String> response) {
		return json.readTree(response.body());
	}

	/**
	 * The entries of a batch response, in order.
	 */
	static List<JsonNode> responses(HttpResponse<String> response) {
		JsonNode entries = body(response).get("responses");
		if (entries == null) {
			throw new AssertionError("Not a batch response: " + response.statusCode() + " " + response.body());
		}
		List<JsonNode> responses = new ArrayList<>();
		entries.forEach(responses::add);
		return responses;
	}

	/**
	 * A batch of items, each given as its JSON object.
	 */
	static String batch(String... items) {
		return "{\"requests\":[" + String.join(",", items) + "]}";
	}

	static String get(String id, String url) {
		return "{\"id\":\"" + id + "\",\"method\":\"GET\",\"url\":\"" + url + "\"}";
	}

}
