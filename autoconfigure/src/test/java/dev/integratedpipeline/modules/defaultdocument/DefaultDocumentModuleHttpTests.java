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

package dev.integratedpipeline.modules.defaultdocument;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Default documents over HTTP: a directory path that nothing maps is served by its first
 * default document that a child answers with 200, for network and child requests.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"integrated-pipeline.default-document.enabled=true", "integrated-pipeline.trace.record-all=true" })
class DefaultDocumentModuleHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestTraceRepository traces;

	private HttpTestClient client() {
		return new HttpTestClient(this.port);
	}

	@Test
	void whenADirectoryHasTheFirstDocumentThenItIsServed() {
		HttpResponse<String> response = client().get("/docs/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("docs index");
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
	}

	@Test
	void whenTheFirstDocumentIsMissingThenTheNextIsServed() {
		HttpResponse<String> response = client().get("/site/");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("site default");
	}

	@Test
	void whenADirectoryHasNoDocumentThenTheOriginal404Answers() {
		assertThat(client().get("/empty/").statusCode()).isEqualTo(404);
	}

	@Test
	void whenThePathDoesNotEndWithASlashThenNoDocumentIsServed() {
		assertThat(client().get("/docs").statusCode()).isEqualTo(404);
	}

	@Test
	void whenAHandlerMapsTheDirectoryThenItAnswers() {
		assertThat(client().get("/mapped/").body()).isEqualTo("mapped directory");
	}

	@Test
	void whenTheRequestIsAHeadThenTheDocumentsHeadersAnswerWithoutABody() throws Exception {
		HttpResponse<String> get = client().get("/docs/");
		HttpResponse<String> head = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/docs/"))
				.method("HEAD", HttpRequest.BodyPublishers.noBody())
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.headers().firstValue("Content-Length")).hasValue(String.valueOf(get.body().getBytes().length));
	}

	@Test
	void whenTheRequestIsAPostThenNoDocumentIsServed() {
		assertThat(client().post("/docs/", "x").body()).doesNotContain("docs index");
	}

	@Test
	void whenAChildRequestsADirectoryThenItIsServedAsANetworkRequestIs() {
		String network = client().get("/docs/").body();
		assertThat(client().get("/child?path=/docs/").body()).isEqualTo("200|" + network);
	}

	@Test
	void whenADocumentIsServedThenItsChildWritesItIntoTheResponseUnbuffered() {
		String id = HttpTestClient.newTestId();
		assertThat(client().get("/docs/?t=" + id).body()).contains("docs index");
		List<ChildRequestTrace> children = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> childrenOf("/docs/index.html", id), (found) -> found.size() == 2);
		assertThat(children).anySatisfy((child) -> {
			assertThat(child.request().method()).isEqualTo("HEAD");
			assertThat(child.request().flags()).contains(ExecuteFlag.BUFFER_RESPONSE);
		});
		assertThat(children).anySatisfy((child) -> {
			assertThat(child.request().method()).isEqualTo("GET");
			assertThat(child.response().status()).isEqualTo(200);
			assertThat(child.request().flags()).doesNotContain(ExecuteFlag.BUFFER_RESPONSE);
		});
	}

	@Test
	void whenADirectoryHasNoDocumentThenNoChildWritesIntoTheResponse() {
		String id = HttpTestClient.newTestId();
		assertThat(client().get("/empty/?t=" + id).statusCode()).isEqualTo(404);
		List<ChildRequestTrace> probes = Awaitility.await()
			.atMost(Duration.ofSeconds(10))
			.until(() -> childrenOf("/empty/", id), (found) -> found.size() == 2);
		assertThat(probes).allSatisfy((child) -> {
			assertThat(child.request().method()).isEqualTo("HEAD");
			assertThat(child.request().flags()).contains(ExecuteFlag.BUFFER_RESPONSE);
		});
	}

	private List<ChildRequestTrace> childrenOf(String pathPrefix, String id) {
		// The request's own trace, its children in it; a path keeps its query
		return this.traces.findAll()
			.stream()
			.flatMap((trace) -> trace.children().stream())
			.filter((child) -> child.request().path().startsWith(pathPrefix)
					&& child.request().path().endsWith("?t=" + id))
			.toList();
	}

}
