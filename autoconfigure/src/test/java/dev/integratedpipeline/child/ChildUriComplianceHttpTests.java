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

package dev.integratedpipeline.child;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child's URI is refused where the container refuses the same URI from the network,
 * with no firewall in front: in an application without Spring Security, whose
 * {@code StrictHttpFirewall} would refuse most of these paths for both.
 */
@SpringBootTest(classes = IdentityTestApplication.Plain.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildUriComplianceHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	private String child(String path) {
		return IdentityTestApplication.issue(this.http, path, "parent");
	}

	private String network(String path) {
		HttpResponse<String> response = this.http.get(path);
		return response.statusCode() + ((response.statusCode() == 200) ? " " + response.body() : "");
	}

	@ParameterizedTest
	@ValueSource(strings = { "/paths/caf%C3", "/paths/%C0%AF", "/paths/%E2%82", "/paths/%FF" })
	void whenThePathsEscapesAreNotUtf8ThenTheChildIsRefusedAsTheNetworkIs(String path) {
		assertThat(network(path)).isEqualTo("400");
		assertThat(ChildRequest.isValidPath(path)).isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "/paths//a", "/paths/a//b", "/paths/100%25", "/paths/a%09b", "/paths/;/a", "/paths/a;/b",
			"/paths/caf%C3%A9" })
	void whenTheContainerRefusesTheUriOrNotThenTheChildIsAnsweredAsTheNetworkIs(String path) {
		String network = network(path);
		String child = child(path);
		assertThat(child.startsWith("200 ") ? child : child.substring(0, 3)).isEqualTo(network);
	}

}
