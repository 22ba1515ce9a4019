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

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child whose request line and headers take more than the container reads of a request
 * ({@code server.max-http-request-header-size}, 8KB by default) is answered as the
 * network is, before any filter: 400 on Tomcat, 431 on Jetty (414 when the request line
 * alone is too long).
 */
@SpringBootTest(classes = IdentityTestApplication.Plain.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildRequestHeadSizeHttpTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestExecutor executor;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void whenTheHeadersTakeMoreThanTheContainerReadsThenTheChildIsAnsweredAsTheNetworkIs() {
		String large = "x".repeat(9000);
		HttpResponse<String> network = this.http.get("/whoami", "X-Large", large);
		ChildResponse child = this.executor.execute(ChildRequest.get("/whoami").header("X-Large", large).build());
		assertThat(network.statusCode()).isIn(400, 431);
		assertThat(child.status()).isEqualTo(network.statusCode());
		assertThat(child.contentAsString()).doesNotContain("anonymous");
	}

	@Test
	void whenManyHeadersTogetherTakeMoreThanTheContainerReadsThenTheChildIsAnsweredAsTheNetworkIs() {
		String quarter = "x".repeat(2500);
		HttpResponse<String> network = this.http.get("/whoami", "X-A", quarter, "X-B", quarter, "X-C", quarter, "X-D",
				quarter);
		ChildResponse child = this.executor.execute(ChildRequest.get("/whoami")
			.header("X-A", quarter)
			.header("X-B", quarter)
			.header("X-C", quarter)
			.header("X-D", quarter)
			.build());
		assertThat(child.status()).isEqualTo(network.statusCode()).isIn(400, 431);
	}

	@Test
	void whenTheRequestLineAloneTakesMoreThanTheContainerReadsThenTheChildIsAnsweredAsTheNetworkIs() {
		String path = "/whoami?q=" + "x".repeat(9000);
		HttpResponse<String> network = this.http.get(path);
		ChildResponse child = this.executor.execute(ChildRequest.get(path).build());
		assertThat(network.statusCode()).isIn(400, 414);
		assertThat(child.status()).isEqualTo(network.statusCode());
	}

	@Test
	void whenTheHeadersFitThenTheChildIsServedAsTheNetworkIs() {
		String fits = "x".repeat(7000);
		assertThat(this.http.get("/whoami", "X-Large", fits).body()).isEqualTo("anonymous");
		ChildResponse child = this.executor.execute(ChildRequest.get("/whoami").header("X-Large", fits).build());
		assertThat(child.status()).isEqualTo(200);
		assertThat(child.contentAsString()).isEqualTo("anonymous");
	}

}
