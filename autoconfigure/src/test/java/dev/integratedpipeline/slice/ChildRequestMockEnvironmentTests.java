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

package dev.integratedpipeline.slice;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import dev.integratedpipeline.testapp.PipelineTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole application in a mock environment, no server, with MockMvc auto-configured:
 * children run through MockMvc's filters, Spring Security's included.
 */
@SpringBootTest(classes = PipelineTestApplication.class)
@AutoConfigureMockMvc
class ChildRequestMockEnvironmentTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void whenNoServerRunsAndMockMvcIsAutoConfiguredThenControllersComposeChildren() {
		assertThat(this.mvc.get().uri("/typed/child/forecast")).hasStatusOk().bodyText().isEqualTo("Oslo 7");
	}

	@Test
	void whenNoServerRunsThenAChildWithoutCredentialsIsRefusedAsMockMvcIsRefused() {
		assertThat(this.mvc.get().uri("/secure/whoami")).hasStatus(401);
		assertThat(this.mvc.get().uri("/child?path=/secure/hello")).hasStatusOk().bodyText().startsWith("401");
	}

}
