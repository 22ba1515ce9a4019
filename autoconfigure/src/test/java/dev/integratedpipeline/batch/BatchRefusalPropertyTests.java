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

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input, nothing lost: generated malformed and hostile batches — truncated JSON, deep
 * nesting, huge numbers, wrong types, cyclic and forward {@code dependsOn}, hostile urls,
 * huge header values, oversized bodies, wrong content types — are each answered 400, 413
 * or 415 with a problem body, never a 500, and never an item executed. Every batch
 * carries a valid item first, which would count if anything ran.
 * <p>
 * {@code jqwik.tries.default} (200 in {@code junit-platform.properties}; 10,000 in the
 * benchmark profile) says how many batches are tried.
 */
class BatchRefusalPropertyTests {

	private static final String VALID = BatchClient.get("ok", "/batch-test/count");

	private static ConfigurableApplicationContext application;

	private static BatchClient client;

	@BeforeContainer
	static void start() {
		application = new SpringApplicationBuilder(BatchTestApplication.class)
			.properties("server.port=0", "integrated-pipeline.batch.enabled=true",
					"integrated-pipeline.batch.max-request-bytes=64KB", "logging.level.root=WARN")
			.run();
		client = new BatchClient(((WebServerApplicationContext) application).getWebServer().getPort());
	}

	@AfterContainer
	static void stop() {
		application.close();
	}

	@Property
	void whenBatchIsMalformedOrHostileThenItIsRefusedWithAProblemAndNothingRuns(
			@ForAll("hostileBatches") HostileBatch batch) {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = client.send("POST", "/$batch",
				HttpRequest.BodyPublishers.ofString(batch.body()), "Cookie",
				"XSRF-TOKEN=" + BatchTestApplication.CSRF_TOKEN, "X-XSRF-TOKEN", BatchTestApplication.CSRF_TOKEN,
				"Content-Type", batch.contentType());
		assertThat(response.statusCode()).as(batch.kind()).isIn(400, 413, 415);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = BatchClient.body(response);
		assertThat(problem.get("status").intValue()).isEqualTo(response.statusCode());
		assertThat(problem.get("detail").stringValue()).isNotBlank();
		assertThat(BatchTestApplication.executed.get()).as(batch.kind()).isEqualTo(before);
	}

	record HostileBatch(String kind, String body, String contentType) {

		@Override
		public String toString() {
			return this.kind + " (" + this.body.length() + " chars, " + this.contentType + "): "
					+ ((this.body.length() > 300) ? this.body.substring(0, 300) + "…" : this.body);
		}

	}

	@Provide
	Arbitrary<HostileBatch> hostileBatches() {
		return Arbitraries.oneOf(truncated(), deeplyNested(), hugeNumbers(), wrongTypes(), badDependencies(),
				hostileUrls(), hugeHeaders(), tooLarge(), notJson());
	}

	private static HostileBatch json(String kind, String body) {
		return new HostileBatch(kind, body, "application/json");
	}

	private static String batch(String... items) {
		return BatchClient.batch(items);
	}

	private static String item(String id, String method, String url, String rest) {
		return "{\"id\":\"" + id + "\",\"method\":\"" + method + "\",\"url\":\"" + url + "\"" + rest + "}";
	}

	private Arbitrary<HostileBatch> truncated() {
		String whole = batch(VALID, item("2", "POST", "/batch-test/count",
				",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"a\":[1,2,{\"b\":null}]}"));
		return Arbitraries.integers()
			.between(0, whole.length() - 1)
			.map((length) -> json("truncated", whole.substring(0, length)));
	}

	private Arbitrary<HostileBatch> deeplyNested() {
		return Combinators
			.combine(Arbitraries.integers().between(BatchHandler.MAX_NESTING_DEPTH, 20_000),
					Arbitraries.of("[", "{\"a\":"))
			.as((depth, open) -> {
				String close = open.equals("[") ? "]" : "}";
				String value = open.repeat(depth) + "1" + close.repeat(depth);
				return json("deep nesting", batch(VALID, item("2", "POST", "/batch-test/count",
						",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + value)));
			});
	}

	private Arbitrary<HostileBatch> hugeNumbers() {
		return Combinators
			.combine(Arbitraries.integers().between(1001, 30_000), Arbitraries.of("body", "id", "top", "exponent"))
			.as((digits, where) -> {
				String number = "9".repeat(digits);
				return json("huge number in " + where, switch (where) {
					case "body" -> batch(VALID, item("2", "POST", "/batch-test/count",
							",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + number));
					case "id" ->
						batch(VALID, "{\"id\":" + number + ",\"method\":\"GET\",\"url\":\"/batch-test/count\"}");
					case "top" -> "{\"requests\":[" + VALID + "],\"n\":" + number + "}";
					default -> batch(VALID,
							item("2", "POST", "/batch-test/count",
									",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":1." + number + "e"
											+ number));
				});
			});
	}

	private Arbitrary<HostileBatch> wrongTypes() {
		Arbitrary<String> wrong = Arbitraries.of("1", "-2.5", "true", "false", "null", "[]", "[\"x\"]", "{}",
				"{\"a\":1}", "\"\"");
		Arbitrary<String> field = Arbitraries.of("id", "method", "url", "headers", "dependsOn", "requests", "item",
				"root", "textBody", "headerValue");
		return Combinators.combine(field, wrong).as((name, value) -> {
			String body = switch (name) {
				case "id" -> batch(VALID, "{\"id\":" + value + ",\"method\":\"GET\",\"url\":\"/batch-test/count\"}");
				case "method" -> batch(VALID, "{\"id\":\"2\",\"method\":" + value + ",\"url\":\"/batch-test/count\"}");
				case "url" -> batch(VALID, "{\"id\":\"2\",\"method\":\"GET\",\"url\":" + value + "}");
				case "headers" -> batch(VALID, item("2", "GET", "/batch-test/count",
						",\"headers\":" + (value.startsWith("{") || value.equals("null") ? "[" + value + "]" : value)));
				case "dependsOn" -> batch(VALID, item("2", "GET", "/batch-test/count",
						",\"dependsOn\":" + (value.equals("null") || value.equals("[]") ? "[1]" : value)));
				case "requests" -> "{\"requests\":" + (value.startsWith("[") ? "{}" : value) + "}";
				case "item" -> batch(VALID, value.startsWith("{") ? "[]" : value);
				case "root" -> value;
				case "textBody" -> batch(VALID,
						item("2", "POST", "/batch-test/count",
								",\"headers\":{\"Content-Type\":\"text/plain\"},\"body\":"
										+ (value.equals("null") || value.startsWith("\"") ? "7" : value)));
				default -> batch(VALID, item("2", "GET", "/batch-test/count", ",\"headers\":{\"X-A\":"
						+ (value.equals("null") || value.startsWith("\"") ? "7" : value) + "}"));
			};
			return json("wrong type of " + name, body);
		});
	}

	private Arbitrary<HostileBatch> badDependencies() {
		Arbitrary<String> cycle = Arbitraries.integers().between(2, 8).map((length) -> {
			StringBuilder items = new StringBuilder(VALID);
			for (int i = 0; i < length; i++) {
				items.append(',')
					.append(item("n" + i, "GET", "/batch-test/count",
							",\"dependsOn\":[\"n" + ((i + 1) % length) + "\"]"));
			}
			return "{\"requests\":[" + items + "]}";
		});
		Arbitrary<String> self = Arbitraries.strings()
			.alpha()
			.ofMinLength(1)
			.ofMaxLength(8)
			.map((id) -> batch(VALID,
					item(id, "GET", "/batch-test/count", ",\"dependsOn\":[\"" + id.toUpperCase(Locale.ROOT) + "\"]")));
		Arbitrary<String> unknown = Arbitraries.strings()
			.alpha()
			.ofMinLength(3)
			.ofMaxLength(8)
			.map((id) -> batch(VALID,
					item("x", "GET", "/batch-test/count", ",\"dependsOn\":[\"ok\",\"z" + id + "\"]")));
		return Arbitraries.oneOf(cycle, self, unknown).map((body) -> json("bad dependsOn", body));
	}

	private Arbitrary<HostileBatch> hostileUrls() {
		Arbitrary<String> hostile = Arbitraries.of("http://localhost/batch-test/count", "HTTPS://evil.example/",
				"//evil.example/batch-test/count", "///batch-test/count", "/batch-test/../batch-test/count",
				"/batch-test/./count", "/batch-test/%2e%2e/batch-test/count", "/batch-test/%2E/count",
				"/batch-test%2Fcount", "/batch-test%252Fcount", "/batch-test%5Ccount", "/batch-test\\\\count",
				"/batch-test/count\\u0000", "/batch-test/count\\r\\nX: y", "/batch-test/ count", "/$batch", "/%24batch",
				"/$batch/", "/$batch;jsessionid=x", "//$batch", "file:///etc/passwd", "javascript:alert(1)",
				"../batch-test/count", "./batch-test/count", "/batch-test/..;/count", "/batch-test/%2e%2e%2f",
				"/batch-test/%u002e", "/batch-test/%zz");
		return Combinators.combine(hostile, Arbitraries.strings().alpha().numeric().ofMaxLength(6))
			.as((url, suffix) -> json("hostile url " + url,
					batch(VALID, item("2", "GET", url + (url.endsWith("count") ? suffix : ""), ""))));
	}

	private Arbitrary<HostileBatch> hugeHeaders() {
		return Arbitraries.integers()
			.between(8 * 1024, 60 * 1024)
			.map((length) -> json("huge header value", batch(VALID, item("2", "GET", "/batch-test/count",
					",\"headers\":{\"X-Huge\":\"" + "h".repeat(length) + "\"}"))));
	}

	private Arbitrary<HostileBatch> tooLarge() {
		return Arbitraries.integers()
			.between(64 * 1024 + 1, 256 * 1024)
			.map((length) -> json("too large",
					batch(VALID, item("2", "GET", "/batch-test/count?" + "q".repeat(length), ""))));
	}

	private Arbitrary<HostileBatch> notJson() {
		return Arbitraries
			.of("text/plain", "application/xml", "multipart/mixed; boundary=b", "application/x-www-form-urlencoded",
					"not a type", "application/jsonp")
			.map((type) -> new HostileBatch("content type " + type, batch(VALID), type));
	}

}
