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

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.util.ClassUtils;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * What the batch endpoint refuses before anything runs, over real HTTP: each answered
 * with a problem ({@code application/problem+json}) whose detail names the offending
 * item, and no item executed.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.batch.enabled=true", "integrated-pipeline.batch.max-request-bytes=64KB",
				"integrated-pipeline.batch.refused-item-headers=X-Corp-User,X-Corp-Internal-*" })
class BatchRefusalHttpTests {

	private static final String COUNT = get("ok", "/batch-test/count");

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	static Stream<Arguments> badBatches() {
		return Stream.of(arguments("malformed JSON", "{\"requests\":[", "not well-formed JSON"),
				arguments("not an object", "[1]", "JSON object"),
				arguments("requests missing", "{\"other\":[]}", "'requests'"),
				arguments("requests not an array", "{\"requests\":{}}", "'requests'"),
				arguments("duplicate member", "{\"requests\":[],\"requests\":[]}", "not well-formed JSON"),
				arguments("item not an object", batch(COUNT, "42"), "Item at index 1"),
				arguments("id missing", batch(COUNT, "{\"method\":\"GET\",\"url\":\"/batch-test/count\"}"),
						"Item at index 1"),
				arguments("id not a string",
						batch(COUNT, "{\"id\":2,\"method\":\"GET\",\"url\":\"/batch-test/count\"}"), "Item at index 1"),
				arguments("method missing", batch(COUNT, "{\"id\":\"x\",\"url\":\"/batch-test/count\"}"),
						"Item 'x' (index 1): an item needs a 'method'"),
				arguments("url missing", batch(COUNT, "{\"id\":\"x\",\"method\":\"GET\"}"),
						"Item 'x' (index 1): an item needs a 'url'"),
				arguments("duplicate id", batch(COUNT, get("OK", "/batch-test/count")), "Item 'OK' (index 1)"),
				arguments("unknown dependency", batch(COUNT, dependent("x", "nope")), "Item 'x' (index 1)"),
				arguments("dependency on itself", batch(COUNT, dependent("x", "x")), "the item itself"),
				arguments("dependency on a later item",
						batch(dependent("x", "later"), get("later", "/batch-test/count")), "Item 'x' (index 0)"),
				arguments("absolute url", batch(COUNT, get("x", "http://example.com/batch-test/count")),
						"Item 'x' (index 1): the url is not a clean path"),
				arguments("relative url with dot segments", batch(COUNT, get("x", "../admin/only")),
						"Item 'x' (index 1)"),
				arguments("absolute url of another scheme", batch(COUNT, get("x", "file:/etc/passwd")),
						"an absolute URL is refused"),
				arguments("network-path url", batch(COUNT, get("x", "//example.com/batch-test/count")),
						"Item 'x' (index 1)"),
				arguments("dot segments", batch(COUNT, get("x", "/batch-test/../admin/only")), "Item 'x' (index 1)"),
				arguments("encoded dot segments", batch(COUNT, get("x", "/batch-test/%2e%2e/admin/only")),
						"Item 'x' (index 1)"),
				arguments("encoded slash", batch(COUNT, get("x", "/batch-test%2Fcount")), "Item 'x' (index 1)"),
				arguments("control character", batch(COUNT, get("x", "/batch-test/count\\u0000")),
						"Item 'x' (index 1)"),
				arguments("nested batch", batch(COUNT, "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/$batch\"}"),
						"batches do not nest"),
				arguments("nested batch, encoded",
						batch(COUNT, "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/%24batch\"}"),
						"batches do not nest"),
				arguments("nested batch, path parameter",
						batch(COUNT, "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/$batch;a=b\"}"),
						"batches do not nest"),
				arguments("unknown method",
						batch(COUNT, "{\"id\":\"x\",\"method\":\"BREW\",\"url\":\"/batch-test/count\"}"),
						"Item 'x' (index 1): Unknown HTTP method"),
				arguments("url longer than a request line from the network",
						batch(COUNT, get("x", "/batch-test/count?q=" + "a".repeat(8192))),
						"Item 'x' (index 1): the url is longer than 8192 characters "
								+ "(integrated-pipeline.batch.max-item-url-length)"),
				arguments("TRACE", batch(COUNT, "{\"id\":\"x\",\"method\":\"trace\",\"url\":\"/batch-test/count\"}"),
						"Item 'x' (index 1): TRACE is not allowed in a batch"),
				arguments("body without Content-Type",
						batch(COUNT, "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\",\"body\":{}}"),
						"needs a Content-Type"),
				arguments("text body not a string",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
										+ "\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":{}}"),
						"must be a JSON string"),
				arguments("binary body not base64",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
										+ "\"headers\":{\"Content-Type\":\"image/png\"},\"body\":\"!!\"}"),
						"base64"),
				arguments("item Authorization", batch(COUNT, withHeader("Authorization", "Basic YWRtaW46YWRtaW4=")),
						"may not set the 'Authorization' header"),
				arguments("item Cookie", batch(COUNT, withHeader("cookie", "JSESSIONID=stolen")),
						"may not set the 'cookie' header"),
				arguments("item X-Forwarded-For", batch(COUNT, withHeader("X-Forwarded-For", "10.0.0.5")),
						"Item 'x' (index 1): an item may not set the 'X-Forwarded-For' header: a proxy"),
				arguments("item Forwarded", batch(COUNT, withHeader("forwarded", "for=10.0.0.5;proto=https")),
						"may not set the 'forwarded' header: a proxy"),
				arguments("item Host", batch(COUNT, withHeader("Host", "evil.example")),
						"may not set the 'Host' header: a proxy"),
				arguments("item header refused by the application", batch(COUNT, withHeader("x-corp-user", "admin")),
						"may not set the 'x-corp-user' header (integrated-pipeline.batch.refused-item-headers)"),
				arguments("item header refused by the application's prefix",
						batch(COUNT, withHeader("X-Corp-Internal-Role", "admin")),
						"may not set the 'X-Corp-Internal-Role' header (integrated-pipeline.batch.refused-item-headers)"),
				arguments("item SiteMinder user (Spring Security's header pre-authentication)",
						batch(COUNT, withHeader("sm_user", "admin")), "may not set the 'sm_user' header: a proxy"),
				arguments("item user of an authenticating proxy", batch(COUNT, withHeader("X-Remote-User", "admin")),
						"may not set the 'X-Remote-User' header: a proxy"),
				arguments("item user of oauth2-proxy", batch(COUNT, withHeader("X-Auth-Request-Email", "a@b.c")),
						"may not set the 'X-Auth-Request-Email' header: a proxy"),
				arguments("item user of AWS ALB", batch(COUNT, withHeader("x-amzn-oidc-identity", "admin")),
						"may not set the 'x-amzn-oidc-identity' header: a proxy"),
				arguments("item user of Azure App Service",
						batch(COUNT, withHeader("X-MS-CLIENT-PRINCIPAL-NAME", "admin")),
						"may not set the 'X-MS-CLIENT-PRINCIPAL-NAME' header: a proxy"),
				arguments("item client certificate", batch(COUNT, withHeader("X-Client-Cert", "MIIB")),
						"may not set the 'X-Client-Cert' header: a proxy"),
				arguments("item setting more headers than a request from the network carries",
						batch(COUNT, withHeaders(101)), "it sets 101 headers, more than the 100"),
				arguments("item header value with a control character",
						batch(COUNT, withHeader("X-Custom", "a\\u001bb")),
						"the value of header 'X-Custom' holds a control character"),
				arguments("item header value above U+00FF", batch(COUNT, withHeader("X-Custom", "a\\u2028b")),
						"the value of header 'X-Custom' holds a control character or one above U+00FF"),
				arguments("url with a raw '<'", batch(COUNT, get("x", "/batch-test/count?q=<script>")),
						"Item 'x' (index 1): the url holds '<' at 20"),
				arguments("url with a raw space", batch(COUNT, get("x", "/batch-test/count?q=a b")),
						"the url holds U+0020 at 21"),
				arguments("url with raw non-ASCII", batch(COUNT, get("x", "/batch-test/caf\u00e9")),
						"the url holds U+00E9"),
				arguments("item Transfer-Encoding", batch(COUNT, withHeader("Transfer-Encoding", "chunked")),
						"Transfer-Encoding"),
				arguments("header not a string",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"GET\","
										+ "\"url\":\"/batch-test/count\",\"headers\":{\"X-A\":1}}"),
						"must be a string"),
				arguments("header with CR LF", batch(COUNT, withHeader("X-A", "a\\r\\nX-Injected: b")),
						"Item 'x' (index 1)"),
				arguments("huge header", batch(COUNT, withHeader("X-A", "a".repeat(9000))), "max-item-header-bytes"),
				arguments("atomicityGroup",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"GET\","
										+ "\"url\":\"/batch-test/count\",\"atomicityGroup\":\"g\"}"),
						"'atomicityGroup' is not supported"),
				arguments("if",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"GET\","
										+ "\"url\":\"/batch-test/count\",\"if\":\"$1.status eq 200\"}"),
						"'if' is not supported"),
				arguments("deep nesting",
						batch(COUNT,
								"{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
										+ "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":"
										+ "[".repeat(300) + "]".repeat(300) + "}"),
						"not well-formed JSON"),
				arguments("huge number", batch(COUNT, "{\"id\":\"x\",\"method\":\"POST\",\"url\":\"/batch-test/count\","
						+ "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + "9".repeat(2000) + "}"),
						"not well-formed JSON"));
	}

	private static String dependent(String id, String dependsOn) {
		return "{\"id\":\"" + id + "\",\"method\":\"GET\",\"url\":\"/batch-test/count\",\"dependsOn\":[\"" + dependsOn
				+ "\"]}";
	}

	private static String withHeaders(int count) {
		StringBuilder headers = new StringBuilder();
		for (int i = 0; i < count; i++) {
			headers.append((i > 0) ? "," : "").append("\"X-H").append(i).append("\":\"v\"");
		}
		return "{\"id\":\"x\",\"method\":\"GET\",\"url\":\"/batch-test/count\",\"headers\":{" + headers + "}}";
	}

	private static String withHeader(String name, String value) {
		return "{\"id\":\"x\",\"method\":\"GET\",\"url\":\"/batch-test/count\",\"headers\":{\"" + name + "\":\"" + value
				+ "\"}}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("badBatches")
	void whenBatchIsInvalidThenItIsRefusedWith400NamingTheItemAndNothingRuns(String name, String batch, String detail) {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = this.client.post(batch);
		assertProblem(response, 400, detail);
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenInvalidItemIsNamedThenTheProblemCarriesItsIdAndIndex() {
		JsonNode problem = BatchClient.body(this.client.post(batch(COUNT, get("x", "//evil/"))));
		assertThat(problem.get("id").stringValue()).isEqualTo("x");
		assertThat(problem.get("index").intValue()).isEqualTo(1);
		assertThat(problem.get("instance").stringValue()).isEqualTo("/$batch");
	}

	@Test
	void whenBatchHoldsMoreThanMaxRequestsThenItIsRefusedWith400() {
		List<String> items = new ArrayList<>();
		for (int i = 0; i < 21; i++) {
			items.add(get("i" + i, "/batch-test/count"));
		}
		assertProblem(this.client.post(batch(items.toArray(String[]::new))), 400, "at most 20 requests");
	}

	@Test
	void whenBodyDeclaresMoreThanMaxRequestBytesThenItIsRefusedWith413() {
		String batch = batch(COUNT, get("x", "/batch-test/count?" + "a".repeat(70 * 1024)));
		assertProblem(this.client.post(batch), 413, "max-request-bytes");
	}

	@Test
	void whenChunkedBodyExceedsMaxRequestBytesThenItIsRefusedWith413WhileReading() {
		byte[] batch = batch(COUNT, get("x", "/batch-test/count?" + "a".repeat(70 * 1024))).getBytes();
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = this.client.send("POST", "/$batch",
				HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(batch)),
				concat(BatchTestApplication.CSRF_HEADERS, "Content-Type", "application/json"));
		assertProblem(response, 413, "more than 65536 bytes");
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenClientExpectsContinueWithATooLargeBodyThenItIsRefusedWith413BeforeItSendsTheBody() throws IOException {
		// Dropping what is left of a refused body must not ask this client for it, nor
		// wait for it
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /$batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
					+ "Content-Length: 100000\r\nExpect: 100-continue\r\nCookie: "
					+ BatchTestApplication.CSRF_HEADERS[1] + "\r\nX-XSRF-TOKEN: " + BatchTestApplication.CSRF_TOKEN
					+ "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			String status = reader.readLine();
			if (status.startsWith("HTTP/1.1 100")) {
				// Tomcat answers 100 as soon as it read the headers; the body is still
				// not read after it
				assertThat(reader.readLine()).isEmpty();
				status = reader.readLine();
			}
			assertThat(status).startsWith("HTTP/1.1 413");
		}
	}

	@Test
	void whenBodyEndsBeforeItsDeclaredLengthThenItIsRefusedWith400AndNothingRuns() throws IOException {
		int before = BatchTestApplication.executed.get();
		byte[] batch = batch(COUNT).getBytes(StandardCharsets.UTF_8);
		String response = postTruncated("Content-Length: " + (batch.length + 100) + "\r\n", batch);
		assertTruncatedRefused(response, "could not be read whole");
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenChunkedBodyEndsWithoutItsLastChunkThenItIsRefusedWith400AndNothingRuns() throws IOException {
		int before = BatchTestApplication.executed.get();
		byte[] batch = batch(COUNT).getBytes(StandardCharsets.UTF_8);
		byte[] chunk = (Integer.toHexString(batch.length + 100) + "\r\n" + batch(COUNT))
			.getBytes(StandardCharsets.UTF_8);
		String response = postTruncated("Transfer-Encoding: chunked\r\n", chunk);
		assertTruncatedRefused(response, "could not be read whole");
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	/**
	 * A truncated body is refused with 400: a problem from the endpoint, except on
	 * Tomcat, which sets 400 and its error state itself when a read fails, so that the
	 * application's error page answers instead.
	 */
	private static void assertTruncatedRefused(String response, String detail) {
		assertThat(response).startsWith("HTTP/1.1 400");
		if (!ClassUtils.isPresent("org.apache.catalina.startup.Tomcat", null)) {
			assertThat(response).containsIgnoringCase("Content-Type: application/problem+json").contains(detail);
		}
	}

	/**
	 * Send a batch whose body ends early: the client stops sending (half-closes) but
	 * still reads the answer, returned whole (status line, headers, body).
	 */
	private String postTruncated(String framing, byte[] body) throws IOException {
		try (Socket socket = new Socket("localhost", this.port)) {
			socket.setSoTimeout(10_000);
			String head = "POST /$batch HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n" + framing
					+ "Cookie: " + BatchTestApplication.CSRF_HEADERS[1] + "\r\nX-XSRF-TOKEN: "
					+ BatchTestApplication.CSRF_TOKEN + "\r\n\r\n";
			socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().write(body);
			socket.getOutputStream().flush();
			socket.shutdownOutput();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			StringBuilder response = new StringBuilder();
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				response.append(line).append('\n');
			}
			return response.toString();
		}
	}

	@Test
	void whenBodyIsNotJsonThenItIsRefusedWith415() {
		HttpResponse<String> response = this.client.send("POST", "/$batch",
				HttpRequest.BodyPublishers.ofString(batch(COUNT)),
				concat(BatchTestApplication.CSRF_HEADERS, "Content-Type", "text/plain"));
		assertProblem(response, 415, "application/json");
	}

	@Test
	void whenBodyIsMultipartThenItIsRefusedWith415BeforeAnyItemRuns() {
		// The DispatcherServlet parses a multipart body before the handler runs: Jetty
		// fails on a multipart/mixed one it cannot parse, and may then close the
		// connection, so a client of its own keeps the other tests off it
		int before = BatchTestApplication.executed.get();
		BatchClient client = new BatchClient(this.port);
		for (String type : List.of("multipart/mixed; boundary=b", "multipart/form-data; boundary=b")) {
			HttpResponse<String> response = client.send("POST", "/$batch",
					HttpRequest.BodyPublishers.ofString(batch(COUNT)),
					concat(BatchTestApplication.CSRF_HEADERS, "Content-Type", type));
			assertProblem(response, 415, "application/json");
		}
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

	@Test
	void whenBodyHasNoContentTypeThenItIsRefusedWith415() {
		HttpResponse<String> response = this.client.send("POST", "/$batch",
				HttpRequest.BodyPublishers.ofString(batch(COUNT)), BatchTestApplication.CSRF_HEADERS);
		assertProblem(response, 415, "application/json");
	}

	@Test
	void whenMethodIsNotPostThenItIsRefusedWith405AllowingPost() {
		HttpResponse<String> response = this.client.send("GET", "/$batch", HttpRequest.BodyPublishers.noBody());
		assertProblem(response, 405, "POST only");
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
	}

	private static void assertProblem(HttpResponse<String> response, int status, String detail) {
		assertThat(response.statusCode()).isEqualTo(status);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = BatchClient.body(response);
		assertThat(problem.get("status").intValue()).isEqualTo(status);
		assertThat(problem.get("detail").stringValue()).contains(detail);
	}

	private static String[] concat(String[] first, String... second) {
		return Stream.concat(Stream.of(first), Stream.of(second)).toArray(String[]::new);
	}

}
