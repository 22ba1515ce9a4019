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

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.fidelity.FidelityTestApplication.ReplayFilter;
import dev.integratedpipeline.fidelity.ReplayClient.Exchange;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The differential test: every request of a {@link #catalogue() catalogue} is sent over
 * the network, then replayed as a child request built {@code from} that very request
 * (same method, path, headers and body), and both must answer the same status, the same
 * headers and the same body. Left out of the comparison: {@code Date} and the framing
 * headers ({@code Content-Length}, {@code Transfer-Encoding}, {@code Connection},
 * {@code Keep-Alive}), which the connection decides; session ids, which differ between
 * any two sessions. The child is executed with {@code HTTP_CACHE_ELIGIBLE}, so that its
 * caching headers are its own rather than the documented {@code Cache-Control: no-store}.
 * <p>
 * To extend it, add an {@link Exchange} to the catalogue.
 *
 * @author Integrated Pipeline team
 */
@SpringBootTest(classes = FidelityTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		// A form past the limit, yet small enough for either container to read it
		// whole before it answers (a body Tomcat must not swallow is closed on)
		"server.tomcat.max-http-form-post-size=32KB", "server.jetty.max-http-form-post-size=32KB" })
class DifferentialHttpTests {

	private static final Set<String> FRAMING = Set.of("date", "content-length", "transfer-encoding", "connection",
			"keep-alive");

	private static final Pattern SESSION_ID = Pattern.compile("JSESSIONID=[^;]*");

	@LocalServerPort
	private int port;

	@Autowired
	private ReplayFilter replays;

	static Stream<Exchange> catalogue() {
		String credentials = HttpTestClient.basic("user", "password");
		return Stream.of(Exchange.get("a Thymeleaf page", "/fidelity/page?name=Ada"),
				Exchange.get("JSON", "/fidelity/json"),
				Exchange.get("JSON asked for by Accept", "/fidelity/json", "Accept", "application/json"),
				Exchange.get("a static resource", "/fidelity.txt"),
				Exchange.get("a static resource, a Range of it", "/fidelity.txt", "Range", "bytes=2-11"),
				Exchange.get("a static resource, not modified since", "/fidelity.txt", "If-Modified-Since",
						"Fri, 01 Jan 2100 00:00:00 GMT"),
				Exchange.get("a static resource, modified since", "/fidelity.txt", "If-Modified-Since",
						"Thu, 01 Jan 1970 00:00:00 GMT"),
				Exchange.get("a 404", "/fidelity/missing"),
				Exchange.get("a 404 as HTML", "/fidelity/missing", "Accept", "text/html"),
				Exchange.get("an exception", "/fidelity/boom"),
				Exchange.get("an exception with its own error page", "/fidelity/fail.bat?x=1"),
				new Exchange("a POST failing, its error page mapped to GET", "POST", "/fidelity/fail.bat?x=1",
						List.of(), null),
				Exchange.get("a redirect", "/fidelity/redirect"),
				Exchange.get("a relative redirect", "/fidelity/redirect/relative"),
				new Exchange("HEAD", "HEAD", "/fidelity/json", List.of(), null),
				new Exchange("OPTIONS", "OPTIONS", "/fidelity/json", List.of(), null),
				new Exchange("a form POST", "POST", "/fidelity/form",
						List.of("Content-Type", "application/x-www-form-urlencoded"), "name=caf%C3%A9&size=2"),
				Exchange.get("a session-creating page", "/fidelity/session"),
				Exchange.get("path parameters", "/fidelity/echo/plain;p=1"),
				Exchange.get("encoded characters", "/fidelity/echo/caf%C3%A9%20x?q=a%26b%20c"),
				Exchange.get("a protected URL without credentials", "/fidelity/secure/data"),
				Exchange.get("a protected URL with wrong credentials", "/fidelity/secure/data", "Authorization",
						HttpTestClient.basic("user", "wrong")),
				Exchange.get("a protected URL with credentials", "/fidelity/secure/data", "Authorization", credentials),
				Exchange.get("an asynchronous handler", "/fidelity/async"),
				Exchange.get("cookies", "/fidelity/cookies", "Cookie", "a=1; b=\"two\"; c=x=y"),
				Exchange.get("cookies the containers read differently", "/fidelity/cookies", "Cookie",
						"a=b c; d=\"e,f\"; g=h,i; =j; k; $Version=1; l=\"m\\\"n\"; o=p"),
				Exchange.get("cookies with escapes and spaces", "/fidelity/cookies", "Cookie",
						"r=s\\t; w= x ; y=\"z\"; Path=/; $Path=/"),
				form("a form POST of more parameters than the container reads", "/fidelity/form",
						parameters("p", 1500, 1500)),
				form("a form POST repeating ten names more often than Tomcat reads (Jetty counts names)",
						"/fidelity/form", parameters("p", 1500, 10)),
				form("a form POST larger than the container reads", "/fidelity/form", "a=" + "x".repeat(64_000)),
				form("a form POST with a bad escape", "/fidelity/form", "a=%ZZ&b=1"),
				form("a form POST of bytes not valid in UTF-8", "/fidelity/form", "a=%C3&b=1"),
				form("a form POST with a value without a name", "/fidelity/form", "=v&b=1"),
				form("a form POST whose query has more parameters than Tomcat reads (Jetty counts the form's only)",
						"/fidelity/form?" + parameters("q", 1100, 10), "z=1"));
	}

	private static Exchange form(String name, String path, String body) {
		return new Exchange(name, "POST", path, List.of("Content-Type", "application/x-www-form-urlencoded"), body);
	}

	/** As many parameters {@code name0=v&name1=v&...}, of as many names at most. */
	private static String parameters(String name, int count, int names) {
		StringBuilder parameters = new StringBuilder();
		for (int i = 0; i < count; i++) {
			parameters.append((i > 0) ? "&" : "").append(name).append(i % names).append("=v");
		}
		return parameters.toString();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("catalogue")
	void whenARequestIsReplayedAsAChildThenItAnswersAsFromTheNetwork(Exchange exchange) {
		ReplayClient replays = new ReplayClient(this.port, this.replays);
		HttpResponse<byte[]> network = replays.network(exchange);
		ChildResponse child = replays.child(exchange);
		Answer fromNetwork = new Answer(network.statusCode(), headers(network.headers().map()),
				new String(network.body(), StandardCharsets.UTF_8));
		Map<String, List<String>> childHeaders = new TreeMap<>();
		child.headers().forEach(childHeaders::put);
		Answer fromChild = new Answer(child.status(), headers(childHeaders), child.contentAsString());
		assertThat(fromChild).isEqualTo(fromNetwork);
	}

	private static Map<String, List<String>> headers(Map<String, List<String>> headers) {
		Map<String, List<String>> compared = new TreeMap<>();
		headers.forEach((name, values) -> {
			String key = name.toLowerCase(java.util.Locale.ROOT);
			if (!FRAMING.contains(key) && !key.startsWith(":")) {
				List<String> normalized = new ArrayList<>();
				values.forEach((value) -> normalized.add(SESSION_ID.matcher(value).replaceAll("JSESSIONID=(id)")));
				compared.computeIfAbsent(key, (k) -> new ArrayList<>()).addAll(normalized);
			}
		});
		return compared;
	}

	/**
	 * What is compared of a response.
	 *
	 * @param status the status
	 * @param headers the headers compared, by lowercase name
	 * @param body the body
	 */
	record Answer(int status, Map<String, List<String>> headers, String body) {

	}

}
