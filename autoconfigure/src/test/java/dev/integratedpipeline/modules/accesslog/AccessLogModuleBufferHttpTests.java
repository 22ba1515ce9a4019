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
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.integratedpipeline.modules.ModulesTestApplication;
import dev.integratedpipeline.testapp.HttpTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access log with a buffer ({@code buffer-size}), over HTTP on an embedded server of
 * its own per test: lines gathered into one logging event when the buffer is full, on the
 * flush interval, and when the application shuts down; none lost.
 */
class AccessLogModuleBufferHttpTests {

	private AccessLogCapture capture;

	private ConfigurableApplicationContext application;

	@AfterEach
	void stop() {
		if (this.application != null) {
			this.application.close();
		}
		if (this.capture != null) {
			this.capture.stopCapture();
		}
	}

	@Test
	void whenTheBufferFillsThenItsLinesAreWrittenAsOneEventInTheirOrder() {
		HttpTestClient client = start("integrated-pipeline.access-log.buffer-size=3",
				"integrated-pipeline.access-log.flush-interval=1h");
		String id = HttpTestClient.newTestId();
		client.get("/hello?test=" + id + "-1");
		client.get("/hello?test=" + id + "-2");
		assertThat(this.capture.lines()).noneMatch((line) -> line.contains(id));
		client.get("/hello?test=" + id + "-3");
		List<String> events = this.capture.await(id, 1);
		assertThat(events).hasSize(1);
		assertThat(events.get(0).split("\n")).hasSize(3)
			.satisfiesExactly((line) -> assertThat(line).contains("test=" + id + "-1"),
					(line) -> assertThat(line).contains("test=" + id + "-2"),
					(line) -> assertThat(line).contains("test=" + id + "-3"));
	}

	@Test
	void whenTheFlushIntervalPassesThenABufferThatIsNotFullIsWritten() {
		HttpTestClient client = start("integrated-pipeline.access-log.buffer-size=100",
				"integrated-pipeline.access-log.flush-interval=100ms");
		String id = HttpTestClient.newTestId();
		client.get("/hello?test=" + id);
		assertThat(this.capture.await(id, 1)).singleElement().satisfies((event) -> {
			assertThat(event).doesNotContain("\n");
			assertThat(event.split(" ")[4]).isEqualTo("/hello");
		});
	}

	@Test
	void whenTheApplicationShutsDownThenTheBufferedLinesAreWritten() {
		HttpTestClient client = start("integrated-pipeline.access-log.buffer-size=100",
				"integrated-pipeline.access-log.flush-interval=1h");
		String id = HttpTestClient.newTestId();
		client.get("/hello?test=" + id + "-1");
		client.get("/hello?test=" + id + "-2");
		assertThat(this.capture.lines()).noneMatch((line) -> line.contains(id));
		this.application.close();
		this.application = null;
		assertThat(this.capture.lines()).filteredOn((event) -> event.contains(id))
			.singleElement()
			.satisfies((event) -> assertThat(event.split("\n")).hasSize(2));
	}

	private HttpTestClient start(String... properties) {
		this.application = new SpringApplicationBuilder(ModulesTestApplication.class)
			.properties("server.port=0", "integrated-pipeline.access-log.enabled=true")
			.properties(properties)
			.run();
		// Attached once the application started: starting resets the logging system
		this.capture = AccessLogCapture.attach();
		int port = ((WebServerApplicationContext) this.application).getWebServer().getPort();
		return new HttpTestClient(port);
	}

}
