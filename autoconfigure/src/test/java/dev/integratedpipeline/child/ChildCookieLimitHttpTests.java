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
import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.IdentityTestApplication;
import dev.integratedpipeline.testapp.TomcatSpecific;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A child with more cookies than the container reads of a request is answered as the
 * network is: Tomcat looks for the session id in the cookies before any filter, and
 * answers 400 past its connector's {@code maxCookieCount} (200); Jetty reads them all.
 */
@SpringBootTest(classes = IdentityTestApplication.Plain.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildCookieLimitHttpTests {

	private static final String GUARDED = "X-Guarded";

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
	@TomcatSpecific("Tomcat reads 200 cookies of a request, as its connector's maxCookieCount says; Jetty reads them all")
	void whenThereAreMoreCookiesThanTomcatReadsThenTheChildIsAnswered400BeforeAnyFilterAsTheNetworkIs() {
		// The filter mapped to /guarded/* sets X-Guarded: neither request reaches it
		String cookies = cookies(201);
		HttpResponse<String> network = this.http.get("/guarded/x", HttpHeaders.COOKIE, cookies);
		assertThat(network.statusCode()).isEqualTo(400);
		assertThat(network.headers().firstValue(GUARDED)).isEmpty();
		ChildResponse child = this.executor
			.execute(ChildRequest.get("/guarded/x").header(HttpHeaders.COOKIE, cookies).build());
		assertThat(child.status()).isEqualTo(400);
		assertThat(child.headers().getFirst(GUARDED)).isNull();
	}

	@Test
	void whenThereAreMoreCookiesThanTomcatReadsThenTheChildIsAnsweredAsTheNetworkIs() {
		// 400 on Tomcat, before any filter; 200 on Jetty, which reads them all
		String cookies = cookies(201);
		HttpResponse<String> network = this.http.get("/whoami", HttpHeaders.COOKIE, cookies);
		ChildResponse child = this.executor
			.execute(ChildRequest.get("/whoami").header(HttpHeaders.COOKIE, cookies).build());
		assertThat(child.status()).isEqualTo(network.statusCode()).isIn(200, 400);
		if (network.statusCode() == 200) {
			assertThat(child.contentAsString()).isEqualTo(network.body()).isEqualTo("anonymous");
		}
	}

	@Test
	void whenTheCookiesAreAsManyAsTomcatReadsThenTheChildIsServedAsTheNetworkIs() {
		String cookies = cookies(200);
		HttpResponse<String> network = this.http.get("/guarded/x", HttpHeaders.COOKIE, cookies);
		assertThat(network.statusCode()).isEqualTo(200);
		assertThat(network.headers().firstValue(GUARDED)).hasValue("guarded-filter");
		ChildResponse child = this.executor
			.execute(ChildRequest.get("/guarded/x").header(HttpHeaders.COOKIE, cookies).build());
		assertThat(child.status()).isEqualTo(200);
		assertThat(child.headers().getFirst(GUARDED)).isEqualTo("guarded-filter");
		assertThat(child.contentAsString()).isEqualTo(network.body());
	}

	/** As many cookies {@code c0=v; c1=v; ...}. */
	private static String cookies(int count) {
		StringBuilder cookies = new StringBuilder();
		for (int i = 0; i < count; i++) {
			cookies.append((i > 0) ? "; " : "").append('c').append(i).append("=v");
		}
		return cookies.toString();
	}

}
