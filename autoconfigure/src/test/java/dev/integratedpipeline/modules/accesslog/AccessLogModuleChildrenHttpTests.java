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

package dev.integratedpipeline.modules.accesslog;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log with {@code include-children}: child requests get lines of their own,
 * naming their parent in {@code x-parent-id}, which is added to the default fields.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"integrated-pipeline.access-log.enabled=true", "integrated-pipeline.access-log.include-children=true" })
class AccessLogModuleChildrenHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private AccessLogModule module;

	private AccessLogCapture capture;

	@BeforeEach
	void captureLog() {
		this.capture = AccessLogCapture.attach();
	}

	@AfterEach
	void stopCapture() {
		this.capture.stopCapture();
	}

	@Test
	void whenChildrenAreIncludedThenParentIdIsAddedToTheDefaultFields() {
		assertThat(this.module.fields()).endsWith("time-taken", "x-parent-id");
	}

	@Test
	void whenARequestIssuesAChildThenTheChildIsLoggedWithItsParentsId() {
		String id = HttpTestClient.newTestId();
		new HttpTestClient(this.port).get("/child?path=/hello%3Fchild%3D" + id + "&test=" + id);
		List<String> lines = this.capture.await(id, 2);
		String child = lines.stream().filter((line) -> line.contains(" /hello ")).findFirst().orElseThrow();
		String parent = lines.stream().filter((line) -> line.contains(" /child ")).findFirst().orElseThrow();
		String[] childFields = child.split(" ");
		String[] parentFields = parent.split(" ");
		assertThat(parentFields[15]).isEqualTo("-");
		assertThat(childFields[15]).matches("r\\d+");
		assertThat(childFields[11]).isEqualTo("200");
	}

}
