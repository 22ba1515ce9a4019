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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The W3C access log over HTTP with the default fields: one line per top-level request,
 * values written as IIS writes them, nothing forged, children left out.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "integrated-pipeline.access-log.enabled=true", "integrated-pipeline.rewrite.enabled=true",
				"integrated-pipeline.rewrite.rules[0].match=^/old/(.*)$",
				"integrated-pipeline.rewrite.rules[0].action=rewrite",
				"integrated-pipeline.rewrite.rules[0].url=/new/{R:1}" })
class AccessLogModuleHttpTests {

	@LocalServerPort
	private int port;

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
	void whenARequestEndsThenOneLineHasTheDefaultFields() {
		String id = HttpTestClient.newTestId();
		new HttpTestClient(this.port).get("/hello?test=" + id, "User-Agent", "Test Agent/1.0", "Referer",
				"http://example.com/from");
		List<String> lines = this.capture.await(id, 1);
		assertThat(lines).hasSize(1);
		String[] fields = lines.get(0).split(" ");
		assertThat(fields).hasSize(15);
		assertThat(fields[0]).matches("\\d{4}-\\d{2}-\\d{2}");
		assertThat(fields[1]).matches("\\d{2}:\\d{2}:\\d{2}");
		assertThat(fields[2]).isEqualTo("127.0.0.1");
		assertThat(fields[3]).isEqualTo("GET");
		assertThat(fields[4]).isEqualTo("/hello");
		assertThat(fields[5]).isEqualTo("test=" + id);
		assertThat(fields[6]).isEqualTo(String.valueOf(this.port));
		assertThat(fields[7]).isEqualTo("-");
		assertThat(fields[8]).isEqualTo("127.0.0.1");
		assertThat(fields[9]).isEqualTo("Test+Agent/1.0");
		assertThat(fields[10]).isEqualTo("http://example.com/from");
		assertThat(fields[11]).isEqualTo("200");
		assertThat(fields[12]).isEqualTo("0");
		assertThat(fields[13]).isEqualTo("0");
		assertThat(fields[14]).matches("\\d+");
	}

	@Test
	void whenTheDateIsWrittenThenItIsUtc() {
		String id = HttpTestClient.newTestId();
		java.time.Instant before = java.time.Instant.now();
		new HttpTestClient(this.port).get("/hello?test=" + id);
		String[] fields = this.capture.await(id, 1).get(0).split(" ");
		java.time.Instant logged = java.time.LocalDateTime.parse(fields[0] + "T" + fields[1])
			.toInstant(java.time.ZoneOffset.UTC);
		assertThat(Duration.between(before.minusSeconds(2), logged)).isPositive();
		assertThat(Duration.between(logged, java.time.Instant.now().plusSeconds(2))).isPositive();
	}

	@Test
	void whenAValueHasControlCharactersAndSpacesThenTheyAreEscapedOnOneLine() {
		String id = HttpTestClient.newTestId();
		new HttpTestClient(this.port).get("/hello?test=" + id, "X-Test-User",
				"eve%0D%0A2026-01-01 00:00:00 127.0.0.1 GET /forged - 80 - 127.0.0.1 - - 200 0 0 1%09%1B");
		List<String> lines = this.capture.await(id, 1);
		assertThat(this.capture.lines()).noneMatch((line) -> line.contains("/forged") && !line.contains(id));
		String username = lines.get(0).split(" ")[7];
		assertThat(username)
			.isEqualTo("eve%0D%0A2026-01-01+00:00:00+127.0.0.1+GET+/forged+-+80+-+127.0.0.1+-+-+200+0+0+1%09%1B");
		assertThat(lines.get(0)).doesNotContain("\r", "\n", "\t", "\u001b");
	}

	@Test
	void whenAUserIsAuthenticatedThenTheUsernameIsLogged() {
		String id = HttpTestClient.newTestId();
		HttpResponse<String> response = new HttpTestClient(this.port).get("/secure/data?test=" + id, "Authorization",
				HttpTestClient.basic("alice", "secret"));
		assertThat(response.statusCode()).isEqualTo(200);
		String[] fields = this.capture.await(id, 1).get(0).split(" ");
		assertThat(fields[7]).isEqualTo("alice");
		assertThat(fields[11]).isEqualTo("200");
	}

	@Test
	void whenTheRequestFailsThenTheLineHasTheStatusTheClientGot() {
		String id = HttpTestClient.newTestId();
		HttpResponse<String> response = new HttpTestClient(this.port).get("/fail?test=" + id);
		String[] fields = this.capture.await(id, 1).get(0).split(" ");
		assertThat(fields[11]).isEqualTo(String.valueOf(response.statusCode())).isEqualTo("500");
	}

	@Test
	void whenTheUrlIsRewrittenThenTheLineHasTheUrlTheClientSent() {
		String id = HttpTestClient.newTestId();
		HttpResponse<String> response = new HttpTestClient(this.port).get("/old/page?test=" + id);
		assertThat(response.body()).isEqualTo("new /page?test=" + id);
		String[] fields = this.capture.await(id, 1).get(0).split(" ");
		assertThat(fields[4]).isEqualTo("/old/page");
		assertThat(fields[5]).isEqualTo("test=" + id);
	}

	@Test
	void whenARequestIssuesAChildThenOnlyTheTopLevelRequestIsLogged() {
		String id = HttpTestClient.newTestId();
		new HttpTestClient(this.port).get("/child?path=/hello%3Fchild%3D" + id + "&test=" + id);
		List<String> lines = this.capture.await(id, 1);
		assertThat(lines).hasSize(1);
		assertThat(lines.get(0)).contains(" /child ");
	}

}
