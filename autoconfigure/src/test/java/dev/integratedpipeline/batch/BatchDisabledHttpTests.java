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

package dev.integratedpipeline.batch;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.integratedpipeline.batch.BatchClient.batch;
import static dev.integratedpipeline.batch.BatchClient.get;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch endpoint is off unless {@code integrated-pipeline.batch.enabled=true}: over
 * real HTTP, a valid batch with its CSRF token finds no endpoint and runs nothing.
 */
@SpringBootTest(classes = BatchTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
class BatchDisabledHttpTests {

	@LocalServerPort
	private int port;

	private BatchClient client;

	@BeforeEach
	void setUp() {
		this.client = new BatchClient(this.port);
	}

	@Test
	void whenBatchIsNotEnabledThenABatchIsAnswered404AndNoItemRuns() {
		int before = BatchTestApplication.executed.get();
		HttpResponse<String> response = this.client.post(batch(get("1", "/batch-test/count")));
		assertThat(response.statusCode()).isEqualTo(404);
		assertThat(BatchTestApplication.executed.get()).isEqualTo(before);
	}

}
