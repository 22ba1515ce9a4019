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

package dev.integratedpipeline.modules.customerrors;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Custom error pages over HTTP, with the default {@code existing-response=auto}: pages
 * rendered by a {@code GET} child with the error attributes, the original status, HTML
 * and JSON clients, failures, failing pages and child requests.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.custom-errors.enabled=true",
				"integrated-pipeline.custom-errors.pages.404=/errors/page",
				"integrated-pipeline.custom-errors.pages.500=/errors/page",
				"integrated-pipeline.custom-errors.pages.503=/errors/failing" })
class CustomErrorModuleHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient client() {
		return new HttpTestClient(this.port);
	}

	@Test
	void whenHandlerSendsErrorThenThePageAnswersWithTheOriginalStatus() {
		HttpResponse<String> response = client().get("/send-error", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(response.body()).contains("custom page status=404 uri=/send-error message=Nothing for you")
			.contains("servlet=dispatcherServlet");
	}

	@Test
	void whenClientAcceptsJsonThenThePageAnswersJson() {
		HttpResponse<String> response = client().get("/send-error", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.headers().firstValue("Content-Type"))
			.hasValueSatisfying((type) -> assertThat(type).startsWith("application/json"));
		assertThat(response.body()).contains("\"page\":\"custom\"").contains("\"status\":404");
	}

	@Test
	void whenNothingMapsThePathThenTheNotFoundPageAnswers() {
		HttpResponse<String> response = client().get("/nothing/here", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("custom page status=404 uri=/nothing/here");
	}

	@Test
	void whenHandlerThrowsThenThePageAnswersWithTheException() {
		HttpResponse<String> response = client().get("/fail", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("custom page status=500 uri=/fail message=Boom")
			.contains("exception=IllegalStateException");
	}

	@Test
	void whenPostFailsThenThePageIsRenderedByAGet() {
		HttpResponse<String> response = client().post("/fail", "payload", "Accept", "text/html", "Content-Type",
				"text/plain");
		assertThat(response.statusCode()).isEqualTo(500);
		assertThat(response.body()).contains("custom page status=500").contains("method=GET");
	}

	@Test
	void whenTheErrorPageFailsThenBootsErrorHandlingAnswers() {
		HttpResponse<String> response = client().get("/unavailable", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(503);
		assertThat(response.body()).contains("\"status\":503").doesNotContain("custom");
	}

	@Test
	void whenTheStatusHasNoPageThenBootsErrorHandlingAnswers() {
		HttpResponse<String> response = client().get("/secure/data", "Accept", "application/json");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).doesNotContain("custom");
	}

	@Test
	void whenTheResponseHasABodyThenAutoKeepsIt() {
		HttpResponse<String> response = client().get("/body404");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("own body");
	}

	@Test
	void whenTheResponseSetsAStatusWithoutBodyThenAutoKeepsIt() {
		HttpResponse<String> response = client().get("/empty404");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEmpty();
	}

	@Test
	void whenAChildFailsThenItsResponseIsThePage() {
		HttpResponse<String> response = client().get("/child?path=/send-error&accept=text/html");
		assertThat(response.body()).startsWith("404|").contains("custom page status=404 uri=/send-error");
	}

	@Test
	void whenAChildIsExecutedWithDisableCustomErrorThenItKeepsTheRawStatus() {
		HttpResponse<String> response = client()
			.get("/child?path=/send-error&accept=text/html&flag=DISABLE_CUSTOM_ERROR");
		assertThat(response.body()).startsWith("404|").doesNotContain("custom page");
	}

	@Test
	void whenAChildAndANetworkRequestFailAlikeThenTheirPagesAreTheSame() {
		String network = client().get("/fail", "Accept", "text/html").body();
		HttpResponse<String> child = client().get("/child?path=/fail&accept=text/html");
		assertThat(child.body()).isEqualTo("500|" + network);
	}

}
