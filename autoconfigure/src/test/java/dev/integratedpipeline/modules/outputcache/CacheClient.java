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

package dev.integratedpipeline.modules.outputcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Sends requests the shared {@code HttpTestClient} does not: any method, any headers.
 */
final class CacheClient {

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final int port;

	CacheClient(int port) {
		this.port = port;
	}

	HttpResponse<String> get(String path, String... headers) {
		return send("GET", path, headers);
	}

	HttpResponse<String> send(String method, String path, String... headers) {
		return sendTo("localhost", method, path, headers);
	}

	/**
	 * Send a request to this server under another host name (its {@code Host} header).
	 * @param host the host name, one that resolves to this machine
	 * @param method the method
	 * @param path the path and query
	 * @param headers names and values
	 * @return the response
	 */
	HttpResponse<String> sendTo(String host, String method, String path, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host + ":" + this.port + path))
			.timeout(Duration.ofSeconds(20))
			.method(method, "POST".equals(method) || "PUT".equals(method) ? HttpRequest.BodyPublishers.ofString("x")
					: HttpRequest.BodyPublishers.noBody());
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

}
