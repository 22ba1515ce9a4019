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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child's path is decoded, normalised and matched as Tomcat does it for the same
 * request from the network: servlet path, path info, filter mappings, Spring Security's
 * matchers and a module reading the servlet path all see the same path, path parameters
 * ({@code ;x=1}) or not. The application's firewall lets semicolons through, so that
 * nothing but the matching decides.
 */
@SpringBootTest(classes = IdentityTestApplication.Secured.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildPathHttpTests {

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
		String guarded = response.headers().firstValue("X-Guarded").map((value) -> " " + value).orElse("");
		return response.statusCode() + " " + response.body() + guarded;
	}

	@Test
	void whenPathParametersHideAModuleGuardedPathThenTheChildIsRefusedAsTheNetworkIs() {
		assertThat(network("/private;x=1/whoami")).startsWith("401");
		assertThat(child("/private;x=1/whoami")).startsWith("401");
	}

	@Test
	void whenPathParametersHideASpringSecurityGuardedPathThenTheChildIsRefusedAsTheNetworkIs() {
		assertThat(network("/admin;x=1/whoami")).startsWith("401");
		assertThat(child("/admin;x=1/whoami")).startsWith("401");
	}

	@Test
	void whenPathParametersAreInAFilteredPathThenTheFilterRunsForTheChildAsForTheNetwork() {
		assertThat(network("/guarded;x=1/data")).endsWith(" guarded-filter");
		assertThat(child("/guarded;x=1/data")).isEqualTo(network("/guarded;x=1/data"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/paths/a/b", "/paths;x=1/a;y=2/b", "/paths/a;jsessionid=1", "/paths/caf%C3%A9",
			"/paths/a%3Bb/c", "/paths/a%20b", "/guarded/data;x=1" })
	void whenChildHasTheSamePathAsANetworkRequestThenItSeesTheSameRequestUriServletPathAndPathInfo(String path) {
		String network = network(path);
		assertThat(network).startsWith("200");
		assertThat(child(path)).isEqualTo(network);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/paths//a", "/paths/100%25" })
	void whenTheFirewallRefusesThePathThenItRefusesTheChildAsTheNetwork(String path) {
		HttpResponse<String> network = this.http.get(path);
		assertThat(child(path)).startsWith(network.statusCode() + " ");
	}

}
