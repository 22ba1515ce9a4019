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

package dev.integratedpipeline.modules.filtering;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.filtering.RawHttpClient.Response;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(classes = FilteringTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.request-filtering.enabled=true",
				"integrated-pipeline.request-filtering.allowed-methods=GET,POST",
				"integrated-pipeline.request-filtering.allow-unlisted-extensions=false",
				"integrated-pipeline.request-filtering.allowed-extensions=.html,.json",
				"integrated-pipeline.request-filtering.allow-high-bit-characters=false",
				"integrated-pipeline.request-filtering.allow-double-escaping=true" })
class RequestFilteringStrictHttpTests {

	@LocalServerPort
	private int port;

	private RawHttpClient raw;

	private HttpTestClient http;

	@BeforeEach
	void createClient() {
		this.raw = new RawHttpClient(this.port);
		this.http = new HttpTestClient(this.port);
	}

	private String childOf(String method, String path) {
		return this.http.get("/child-of?method=" + method + "&path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))
			.body();
	}

	private Response send(String method, String path) {
		return this.raw.send((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
			.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
	}

	@Test
	void whenAMethodIsNotAllowedThenTheAnswerIs405WithTheAllowedMethods() {
		Response response = send("PUT", "/x");
		assertThat(response.status()).isEqualTo(405);
		assertThat(response.header("Allow")).isEqualTo("GET, POST");
		assertThat(send("GET", "/x").status()).isEqualTo(200);
	}

	@Test
	void whenUnlistedExtensionsAreNotAllowedThenOnlyTheListedOnesAreServed() {
		assertThat(send("GET", "/page.html").status()).isEqualTo(200);
		assertThat(send("GET", "/data.JSON").status()).isEqualTo(200);
		assertThat(send("GET", "/script.php").status()).isEqualTo(404);
		assertThat(send("GET", "/no-extension").status()).isEqualTo(200);
	}

	@Test
	void whenHighBitCharactersAreNotAllowedThenANonAsciiUrlIsRefused() {
		Response response = send("GET", "/caf%C3%A9");
		assertThat(response.status()).isEqualTo(404);
		assertThat(response.isProblem()).isTrue();
	}

	@Test
	void whenDoubleEscapingIsAllowedThenADoubleEscapedUrlPassesRequestFiltering() {
		// Spring Security's firewall, after the module, refuses the encoded percent
		Response response = send("GET", "/100%2525");
		assertThat(response.isProblem()).isFalse();
		assertThat(response.status()).isEqualTo(400);
	}

	@Test
	void whenAChildRequestMethodIsNotAllowedThenItAnswers405WithTheAllowedMethods() {
		assertThat(childOf("PUT", "/x")).startsWith("405 application/problem+json GET, POST ");
		assertThat(childOf("GET", "/x")).startsWith("200 ");
	}

	@Test
	void whenUnlistedExtensionsAreNotAllowedThenAChildRequestGetsOnlyTheListedOnes() {
		assertThat(childOf("GET", "/page.html")).startsWith("200 ");
		assertThat(childOf("GET", "/script.php")).startsWith("404 application/problem+json");
		assertThat(childOf("GET", "/no-extension")).startsWith("200 ");
	}

	@Test
	void whenHighBitCharactersAreNotAllowedThenANonAsciiChildRequestUrlIsRefused() {
		assertThat(childOf("GET", "/caf%C3%A9")).startsWith("404 application/problem+json");
		// Jetty refuses a raw non-ASCII character before any filter, as from the network
		assertThat(childOf("GET", "/caf\u00e9")).satisfiesAnyOf(
				(answer) -> assertThat(answer).startsWith("404 application/problem+json"),
				(answer) -> assertThat(answer).startsWith("400 "));
	}

}
