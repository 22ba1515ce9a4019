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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.testapp.IdentityTestApplication;
import dev.integratedpipeline.testapp.TomcatSpecific;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code TRACE} child answers as a {@code TRACE} from the network does, in an
 * application without Spring Security (whose firewall refuses {@code TRACE} itself):
 * Tomcat answers 405 before any filter, unless its connector allows {@code TRACE}; Jetty
 * lets it through to the servlet, which echoes the request.
 */
@SpringBootTest(classes = IdentityTestApplication.Plain.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class ChildTraceHttpTests {

	private static final String PATH = "/whoami";

	@LocalServerPort
	private int port;

	@Autowired
	private ChildRequestExecutor executor;

	@Test
	void whenAChildIsATraceThenItIsAnsweredAsTheNetworkIs() throws Exception {
		HttpResponse<String> network = networkTrace();
		ChildResponse child = childTrace();
		assertThat(child.status()).isEqualTo(network.statusCode());
		assertThat(child.headers().getFirst(HttpHeaders.ALLOW))
			.isEqualTo(network.headers().firstValue(HttpHeaders.ALLOW).orElse(null));
		assertThat(child.headers().getContentType()).hasToString(network.headers().firstValue("Content-Type").get());
	}

	@Test
	@TomcatSpecific("Tomcat refuses TRACE at its connector; Jetty passes it to the servlet")
	void whenAChildIsATraceOnTomcatThenItIsAnswered405ByTheErrorPageWithoutEchoingTheRequest() throws Exception {
		ChildResponse child = childTrace();
		assertThat(child.status()).isEqualTo(405);
		assertThat(child.headers().getFirst(HttpHeaders.ALLOW)).contains("GET").doesNotContain("TRACE");
		assertThat(child.contentAsString()).doesNotContain("X-Echo-Me");
		assertThat(withoutTimestamp(child.contentAsString())).isEqualTo(withoutTimestamp(networkTrace().body()));
	}

	private ChildResponse childTrace() {
		return this.executor.execute(ChildRequest.builder("TRACE", PATH).header("X-Echo-Me", "secret").build());
	}

	private HttpResponse<String> networkTrace() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + PATH))
			.method("TRACE", HttpRequest.BodyPublishers.noBody())
			.header("X-Echo-Me", "secret")
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static String withoutTimestamp(String errorBody) {
		return errorBody.replaceAll("\"timestamp\":\"[^\"]*\",?", "");
	}

}
