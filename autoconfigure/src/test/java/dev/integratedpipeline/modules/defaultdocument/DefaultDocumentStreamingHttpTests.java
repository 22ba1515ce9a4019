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

package dev.integratedpipeline.modules.defaultdocument;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.TraceEndpointClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A default document is streamed into the response by its child, not held by it: one
 * larger than a child may hold ({@code integrated-pipeline.child.max-buffered-bytes}) is
 * served whole, as the same document requested from the network.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"integrated-pipeline.default-document.enabled=true", "integrated-pipeline.child.max-buffered-bytes=64KB" })
class DefaultDocumentStreamingHttpTests {

	@LocalServerPort
	private int port;

	@Test
	void whenADocumentIsLargerThanAChildMayHoldThenItIsStreamedWhole() {
		HttpTestClient client = new HttpTestClient(this.port);
		HttpResponse<String> network = client.get("/large/index.html");
		HttpResponse<String> served = client.get("/large/");
		assertThat(network.body()).hasSizeGreaterThan(64 * 1024);
		assertThat(served.statusCode()).isEqualTo(200);
		assertThat(served.body()).isEqualTo(network.body());
		assertThat(served.headers().firstValue("Content-Type")).isEqualTo(network.headers().firstValue("Content-Type"));
	}

	@Test
	void whenADocumentIsStreamedThenItsChildsTraceRecordsTheBytesWrittenIntoTheParent() {
		HttpTestClient client = new HttpTestClient(this.port);
		HttpResponse<String> served = client.get("/large/");
		assertThat(served.statusCode()).isEqualTo(200);
		Map<String, Object> child = new TraceEndpointClient(client).childOf("GET", "/large/index.html");
		assertThat(((Number) child.get("contentLength")).longValue())
			.isEqualTo(served.body().getBytes(StandardCharsets.UTF_8).length);
	}

}
