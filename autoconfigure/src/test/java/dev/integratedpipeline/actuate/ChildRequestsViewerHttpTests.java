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

package dev.integratedpipeline.actuate;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;

import static dev.integratedpipeline.testapp.HttpTestClient.basic;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace viewer over HTTP: a page of the {@code childrequests} endpoint, exposed,
 * secured and allowed exactly as the endpoint is.
 */
class ChildRequestsViewerHttpTests {

	private static final String VIEWER = "/viewer/index.html";

	@Nested
	@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	class WhenTheEndpointIsExposed {

		@LocalServerPort
		private int port;

		private HttpTestClient http;

		@BeforeEach
		void setUp() {
			this.http = new HttpTestClient(this.port);
		}

		@Test
		void whenTheViewerIsRequestedThenItIsASelfContainedPage() {
			HttpResponse<String> response = this.http.get("/actuator/childrequests" + VIEWER);
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(contentType) -> assertThat(contentType).startsWith("text/html").containsIgnoringCase("utf-8"));
			assertThat(response.body()).contains("<title>Child request traces</title>")
				.doesNotContain("http://", "https://", " src=", "<link");
		}

		@Test
		void whenAnotherPageOfTheViewerIsRequestedThenItIsNotFound() {
			assertThat(this.http.get("/actuator/childrequests/viewer/other.html").statusCode()).isEqualTo(404);
			assertThat(this.http.get("/actuator/childrequests/r1/index.html").statusCode()).isEqualTo(404);
		}

		@Test
		void whenATraceIsRequestedByIdThenTheViewerDoesNotShadowIt() {
			HttpResponse<String> response = this.http.get("/actuator/childrequests/viewer");
			assertThat(response.statusCode()).isEqualTo(404);
		}

		@Test
		void whenTheViewerIsLookedForAmongStaticResourcesThenThereIsNone() {
			assertThat(this.http.get("/childrequests-viewer.html").statusCode()).isEqualTo(404);
			assertThat(this.http.get("/dev/integratedpipeline/actuate/childrequests-viewer.html").statusCode())
				.isEqualTo(404);
		}

	}

	@Nested
	@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = { "management.endpoints.web.base-path=/secure/actuator",
					"management.endpoint.childrequests.access=read-only" })
	class WhenTheEndpointIsSecuredAndReadOnly {

		@LocalServerPort
		private int port;

		private HttpTestClient http;

		@BeforeEach
		void setUp() {
			this.http = new HttpTestClient(this.port);
		}

		@Test
		void whenTheViewerIsRequestedWithoutCredentialsThenItIsRefusedAsTheEndpointIs() {
			assertThat(this.http.get("/secure/actuator/childrequests").statusCode()).isEqualTo(401);
			assertThat(this.http.get("/secure/actuator/childrequests" + VIEWER).statusCode()).isEqualTo(401);
		}

		@Test
		void whenTheViewerIsRequestedWithCredentialsThenItIsServed() {
			assertThat(
					this.http.get("/secure/actuator/childrequests" + VIEWER, "Authorization", basic("user", "password"))
						.statusCode())
				.isEqualTo(200);
		}

		@Test
		void whenAccessIsReadOnlyThenTheTracesTheViewerShowsCannotBeCleared() {
			this.http.get("/child?path=/hello");
			String traces = this.http.get("/secure/actuator/childrequests", "Authorization", basic("user", "password"))
				.body();
			assertThat(traces).contains("\"path\":\"/hello\"");
			HttpResponse<String> cleared = this.http.delete("/secure/actuator/childrequests", "Authorization",
					basic("user", "password"));
			assertThat(cleared.statusCode()).isGreaterThanOrEqualTo(400);
			assertThat(
					this.http.get("/secure/actuator/childrequests", "Authorization", basic("user", "password")).body())
				.contains("\"path\":\"/hello\"");
		}

	}

	@Nested
	@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
			properties = "management.endpoints.web.exposure.include=health")
	class WhenTheEndpointIsNotExposed {

		@LocalServerPort
		private int port;

		@Test
		void whenTheViewerIsRequestedThenItIsNotFoundAsTheEndpointIsNot() {
			HttpTestClient http = new HttpTestClient(this.port);
			assertThat(http.get("/actuator/childrequests").statusCode()).isEqualTo(404);
			assertThat(http.get("/actuator/childrequests" + VIEWER).statusCode()).isEqualTo(404);
		}

	}

}
