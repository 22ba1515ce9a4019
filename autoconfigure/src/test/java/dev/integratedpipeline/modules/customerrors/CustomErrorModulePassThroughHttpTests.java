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
 * Custom error pages with {@code existing-response=pass-through}: a response with a body
 * is never replaced, one without is.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.custom-errors.enabled=true",
				"integrated-pipeline.custom-errors.pages.404=/errors/page",
				"integrated-pipeline.custom-errors.existing-response=pass-through" })
class CustomErrorModulePassThroughHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenTheResponseHasABodyThenPassThroughKeepsIt() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/body404", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).isEqualTo("own body");
	}

	@Test
	void whenTheResponseHasNoBodyThenPassThroughReplacesIt() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/empty404", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("custom page status=404");
	}

	@Test
	void whenTheHandlerSendsErrorThenPassThroughReplacesIt() {
		HttpResponse<String> response = new HttpTestClient(this.port).get("/send-error", "Accept", "text/html");
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(response.body()).contains("custom page status=404");
	}

}
