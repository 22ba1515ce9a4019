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

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;

import dev.integratedpipeline.pipeline.RequestEvent;

/**
 * Sends real HTTP requests to the embedded server and reads what the recording modules
 * saw.
 */
public final class HttpTestClient {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	public HttpTestClient(int port) {
		this.port = port;
	}

	public static String newTestId() {
		return UUID.randomUUID().toString();
	}

	public static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes());
	}

	public HttpResponse<String> get(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).GET(), headers);
	}

	public HttpResponse<String> post(String path, String body, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
	}

	public HttpResponse<String> delete(String path, String... headers) {
		return send(HttpRequest.newBuilder(uri(path)).DELETE(), headers);
	}

	private URI uri(String path) {
		return URI.create("http://localhost:" + this.port + path);
	}

	private HttpResponse<String> send(HttpRequest.Builder builder, String... headers) {
		if (headers.length > 0) {
			builder.headers(headers);
		}
		try {
			return this.client.send(builder.timeout(Duration.ofSeconds(20)).build(),
					HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Wait for the request to end (END_REQUEST may run after the client got the response)
	 * and return what the last recording module saw.
	 * @param key the test id, with {@code /childN} for a child request
	 * @return the recorded notifications of both recording modules, in order
	 */
	public static List<String> recorded(String key) {
		return Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> RecordingModule.recorded(key + "/b"), (events) -> events != null);
	}

	/**
	 * Return the deterministic events one module saw, in order.
	 * @param recorded what the modules recorded
	 * @param module the module name
	 * @return the events
	 */
	public static List<String> events(List<String> recorded, String module) {
		List<String> all = Arrays.stream(RequestEvent.values())
			.flatMap((event) -> List.of(event.name(), "POST_" + event.name()).stream())
			.toList();
		List<String> events = new ArrayList<>();
		for (String entry : recorded) {
			if (entry.startsWith(module + ":") && all.contains(entry.substring(module.length() + 1))) {
				events.add(entry.substring(module.length() + 1));
			}
		}
		return events;
	}

	public static List<String> fullSequence() {
		return Arrays.stream(RequestEvent.values())
			.flatMap((event) -> List.of(event.name(), "POST_" + event.name()).stream())
			.toList();
	}

}
