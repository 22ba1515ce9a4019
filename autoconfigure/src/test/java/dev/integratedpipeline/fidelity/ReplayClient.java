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

package dev.integratedpipeline.fidelity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.fidelity.FidelityTestApplication.ReplayFilter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sends a request of {@link FidelityTestApplication} over the network, or has it replayed
 * as a child request built from it.
 *
 * @author Integrated Pipeline team
 */
final class ReplayClient {

	// HTTP/1.1: no h2c upgrade headers, which the child would copy
	private static final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final int port;

	private final ReplayFilter replays;

	ReplayClient(int port, ReplayFilter replays) {
		this.port = port;
		this.replays = replays;
	}

	/**
	 * Send the request over the network.
	 * @param exchange the request
	 * @return the response
	 */
	HttpResponse<byte[]> network(Exchange exchange) {
		return send(exchange, null);
	}

	/**
	 * Send the request marked for replay, and return what its child answered.
	 * @param exchange the request
	 * @return the child's response
	 */
	ChildResponse child(Exchange exchange) {
		String id = UUID.randomUUID().toString();
		HttpResponse<byte[]> replayed = send(exchange, id);
		assertThat(replayed.statusCode()).as("the replay itself").isEqualTo(204);
		ChildResponse child = this.replays.replay(id);
		assertThat(child).as("the child's response").isNotNull();
		return child;
	}

	private HttpResponse<byte[]> send(Exchange exchange, String replay) {
		HttpRequest.BodyPublisher body = (exchange.body() != null)
				? HttpRequest.BodyPublishers.ofString(exchange.body()) : HttpRequest.BodyPublishers.noBody();
		HttpRequest.Builder builder = HttpRequest
			.newBuilder(URI.create("http://localhost:" + this.port + exchange.path()))
			.method(exchange.method(), body)
			.timeout(Duration.ofSeconds(20));
		for (int i = 0; i < exchange.headers().size(); i += 2) {
			builder.header(exchange.headers().get(i), exchange.headers().get(i + 1));
		}
		if (replay != null) {
			builder.header(FidelityTestApplication.REPLAY, replay);
		}
		try {
			return client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
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
	 * One request.
	 *
	 * @param name what it is, the name of its test
	 * @param method the method
	 * @param path the path with query, as sent
	 * @param headers header names and values, alternating
	 * @param body the body, if any
	 */
	record Exchange(String name, String method, String path, List<String> headers, String body) {

		static Exchange get(String name, String path, String... headers) {
			return new Exchange(name, "GET", path, List.of(headers), null);
		}

		@Override
		public String toString() {
			return this.name + ": " + this.method + " " + this.path;
		}

	}

}
