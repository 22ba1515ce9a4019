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
 * Custom error pages with {@code existing-response=replace}: every response of a mapped
 * status is replaced, body or not; and {@code default-page} for unmapped statuses.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.custom-errors.enabled=true",
				"integrated-pipeline.custom-errors.pages.404=/errors/page",
				"integrated-pipeline.custom-errors.default-page=/errors/page",
				"integrated-pipeline.custom-errors.existing-response=replace" })
class CustomErrorModuleReplaceHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenTheResponseHasABodyThenReplaceReplacesIt() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/body404", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("custom page status=404 uri=/body404").doesNotContain("own body");
	}

	@Test
	void whenTheResponseHasNoBodyThenReplaceReplacesIt() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/empty404", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("custom page status=404");
	}

	@Test
	void whenTheStatusIsNotMappedThenTheDefaultPageAnswers() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/secure/data", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(401);
		assertThat(response.body()).contains("custom page status=401 uri=/secure/data");
		assertThat(response.headers().firstValue("WWW-Authenticate")).isPresent();
	}

}
