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
package dev.integratedpipeline.readme;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every Java snippet of the README is a source of this package, so that the
 * build compiles it, and that the snippets do what the README says, over HTTP on a real
 * embedded server.
 *
 * @author Integrated Pipeline team
 */
@SpringBootTest(classes = ReadmeApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ReadmeSnippetsTests {

	private static final Path README = Path.of("..", "README.md");

	private static final Path SOURCES = Path.of("src", "test", "java", "dev", "integratedpipeline", "readme");

	private static final Pattern JAVA_SNIPPET = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@LocalServerPort
	private int port;

	@Test
	void whenReadmeIsReadThenEveryJavaSnippetIsACompiledSource() throws IOException {
		List<String> sources = sources();
		List<String> snippets = javaSnippets();
		assertThat(snippets).isNotEmpty();
		for (String snippet : snippets) {
			assertThat(sources)
				.as("A Java snippet of README.md must be the text of a source in %s from its first import on "
						+ "(write the snippet as a class there, run ./mvnw spring-javaformat:apply, then copy it "
						+ "into the README): %n%s", SOURCES, snippet)
				.anySatisfy((source) -> assertThat(source).endsWith(snippet));
		}
	}

	@Test
	void whenHomeIsRequestedThenItIsComposedOfBothFragmentsRequestedAsTheCaller() throws Exception {
		HttpResponse<String> response = get("/home", "X-User", "alice");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("<p>profile of alice</p><p>orders</p>");
	}

	@Test
	void whenSummaryIsRequestedThenItJoinsOrdersAndNews() throws Exception {
		HttpResponse<String> response = get("/summary");
		assertThat(response.body()).isEqualTo("orders;news");
	}

	@Test
	void whenAnyPageIsRequestedThenTimingModuleAddsResponseTime() throws Exception {
		HttpResponse<String> response = get("/fragments/orders");
		assertThat(response.headers().firstValue("X-Response-Time"))
			.hasValueSatisfying((value) -> assertThat(value).matches("\\d+us"));
	}

	@Test
	void whenRootIsRequestedThenDefaultDocumentModuleAnswersWithTheDefaultPage() throws Exception {
		HttpResponse<String> response = get("/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("default page");
	}

	private static List<String> javaSnippets() throws IOException {
		List<String> snippets = new ArrayList<>();
		Matcher matcher = JAVA_SNIPPET.matcher(Files.readString(README));
		while (matcher.find()) {
			snippets.add(matcher.group(1));
		}
		return snippets;
	}

	private static List<String> sources() throws IOException {
		try (Stream<Path> files = Files.list(SOURCES)) {
			List<String> sources = new ArrayList<>();
			for (Path file : files.filter((path) -> path.toString().endsWith(".java")).toList()) {
				sources.add(Files.readString(file));
			}
			return sources;
		}
	}

	private HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.timeout(Duration.ofSeconds(20));
		if (headers.length > 0) {
			request.headers(headers);
		}
		return this.client.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

}
