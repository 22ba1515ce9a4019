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

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The access log read by a reader nobody here wrote: GoAccess parses the log of a test
 * run in its W3C format and reports the requests sent and their statuses.
 */
@SpringBootTest(classes = ModulesTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
		"integrated-pipeline.access-log.enabled=true",
		"integrated-pipeline.access-log.fields=date time s-ip cs-method cs-uri-stem cs-uri-query s-port "
				+ "cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken" })
class AccessLogGoAccessHttpTests {

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
	void whenGoAccessReadsTheLogThenItCountsTheRequestsAndStatusesSent(@TempDir Path directory) throws Exception {
		assumeTrue(isGoAccessInstalled(), "GoAccess is not installed: install the Debian package goaccess "
				+ "(apt-get install goaccess), as .ci/packages lists it for CI");
		// The directives, as the module writes them at startup
		new AccessLogModule(String.join(" ", this.module.fields()), false);
		String id = HttpTestClient.newTestId();
		HttpTestClient client = new HttpTestClient(this.port);
		Map<String, Integer> sent = Map.of("/hello", 5, "/nothing/here", 3, "/fail", 2, "/send-error", 1);
		sent.forEach((path, times) -> {
			for (int i = 0; i < times; i++) {
				client.get(path + "?test=" + id, "User-Agent", "Mozilla/5.0 (X11; Linux x86_64) Test/" + i);
			}
		});
		List<String> lines = this.capture.await(id, 11);
		List<String> log = new ArrayList<>(
				this.capture.lines().stream().filter((line) -> line.startsWith("#")).toList());
		log.addAll(lines);
		Path file = directory.resolve("access.log");
		Files.write(file, log, StandardCharsets.UTF_8);
		JsonNode report = goAccess(file, directory.resolve("report.json"));
		assertThat(report.path("general").path("total_requests").asInt()).isEqualTo(11);
		assertThat(report.path("general").path("failed_requests").asInt()).isZero();
		assertThat(statuses(report)).containsEntry("200", 5).containsEntry("404", 4).containsEntry("500", 2).hasSize(3);
	}

	private static boolean isGoAccessInstalled() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			if (Files.isExecutable(Path.of(directory, "goaccess"))) {
				return true;
			}
		}
		return false;
	}

	private static JsonNode goAccess(Path log, Path report) throws IOException, InterruptedException {
		Process process = new ProcessBuilder("goaccess", log.toString(), "--log-format=W3C", "--no-global-config", "-o",
				report.toString())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.DISCARD)
			.start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("GoAccess finished").isTrue();
		assertThat(process.exitValue()).as("GoAccess exit code").isZero();
		return JsonMapper.builder().build().readTree(report.toFile());
	}

	private static Map<String, Integer> statuses(JsonNode report) {
		Map<String, Integer> statuses = new HashMap<>();
		for (JsonNode group : report.path("status_codes").path("data")) {
			for (JsonNode item : group.path("items")) {
				String status = item.path("data").asString().split(" ")[0];
				statuses.merge(status, item.path("hits").path("count").asInt(), Integer::sum);
			}
		}
		return statuses;
	}

}
