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

package dev.integratedpipeline.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.integratedpipeline.benchmark.BenchmarkModules.AccessLogModule;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the body of every benchmark once, so that the default build proves they still work
 * and still measure what they claim to.
 */
class BenchmarkSmokeTests {

	private static final String JSON = "{\"message\":\"hello\",\"tenant\":\"public\",\"items\":[1,2,3]}";

	@Test
	void whenEachChildRequestBenchmarkRunsOnceThenEachAnswersTheControllersJson() throws Exception {
		ChildRequestBenchmark benchmark = new ChildRequestBenchmark();
		benchmark.start();
		try {
			AccessLogModule accessLog = benchmark.application().bean(AccessLogModule.class);
			long logged = accessLog.logged();
			ChildResponse child = benchmark.childRequest();
			assertThat(child.status()).isEqualTo(200);
			assertThat(child.contentAsString()).isEqualTo(JSON);
			assertThat(child.headers().getFirst(BenchmarkApplication.RequestIdFilter.HEADER)).isNotNull();
			assertThat(accessLog.logged()).as("the child passed the pipeline").isEqualTo(logged + 1);
			FloorResponse floor = benchmark.floor();
			assertThat(floor.getStatus()).isEqualTo(200);
			assertThat(new String(floor.contentAsByteArray(), StandardCharsets.UTF_8)).isEqualTo(JSON);
			assertThat(floor.getHeader(BenchmarkApplication.RequestIdFilter.HEADER)).isNotNull();
			assertThat(floor.getHeader("X-Content-Type-Options")).as("Spring Security ran").isEqualTo("nosniff");
			assertThat(accessLog.logged()).as("the floor passed the pipeline").isEqualTo(logged + 2);
			FloorResponse concurrentFloor = benchmark.floorConcurrentAttributes();
			assertThat(new String(concurrentFloor.contentAsByteArray(), StandardCharsets.UTF_8)).isEqualTo(JSON);
			assertThat(accessLog.logged()).as("the other floor passed the pipeline").isEqualTo(logged + 3);
			MockHttpServletResponse mockMvc = benchmark.mockMvc();
			assertThat(mockMvc.getStatus()).isEqualTo(200);
			assertThat(mockMvc.getContentAsString()).isEqualTo(JSON);
			assertThat(accessLog.logged()).as("MockMvc passed the pipeline").isEqualTo(logged + 4);
			byte[] included = benchmark.requestDispatcherInclude();
			assertThat(new String(included, StandardCharsets.UTF_8)).isEqualTo(JSON);
			assertThat(accessLog.logged()).as("the include skipped the pipeline").isEqualTo(logged + 4);
			ResponseEntity<byte[]> loopback = benchmark.loopbackHttp();
			assertThat(loopback.getStatusCode().value()).isEqualTo(200);
			assertThat(new String(loopback.getBody(), StandardCharsets.UTF_8)).isEqualTo(JSON);
			assertThat(benchmark.loopbackRawSocket()).isEqualTo(200);
		}
		finally {
			benchmark.stop();
		}
	}

	@Test
	void whenEachFanOutBenchmarkRunsOnceThenThePageHoldsEveryChild() throws Exception {
		FanOutBenchmark benchmark = new FanOutBenchmark();
		benchmark.children = 10;
		benchmark.start();
		try {
			String page = JSON.repeat(10);
			assertThat(new String(benchmark.sequential(), StandardCharsets.UTF_8)).isEqualTo(page);
			assertThat(new String(benchmark.parallel(), StandardCharsets.UTF_8)).isEqualTo(page);
			assertThat(benchmark.sequentialCpu()).isEqualTo(10);
			assertThat(benchmark.parallelCpu()).isEqualTo(10);
			assertThat(benchmark.sequentialFloor()).as("ten floor requests answered 200").isEqualTo(10 * 200);
			assertThat(benchmark.parallelFloor()).isEqualTo(10);
			assertThat(benchmark.sequentialAllocating()).isEqualTo(10);
			assertThat(benchmark.parallelAllocating()).isEqualTo(10);
		}
		finally {
			benchmark.stop();
		}
	}

	@Test
	void whenTheOutputCacheBenchmarkRunsThenTheCachedPathsAreHitsAndTheOthersAreNot() throws Exception {
		BuiltInModulesBenchmark benchmark = new BuiltInModulesBenchmark();
		benchmark.modules = "cache";
		benchmark.start();
		try {
			benchmark.cachedJson();
			FloorResponse hit = benchmark.cachedJson();
			assertThat(new String(hit.contentAsByteArray(), StandardCharsets.UTF_8)).isEqualTo(JSON);
			assertThat(hit.getHeader("Age")).isNotNull();
			assertThat(hit.getHeader("X-Content-Type-Options")).as("Spring Security ran").isEqualTo("nosniff");
			benchmark.cachedWork();
			assertThat(benchmark.cachedWork().getHeader("Age")).isNotNull();
			benchmark.work();
			assertThat(benchmark.work().getHeader("Age")).isNull();
			assertThat(benchmark.floor().getHeader("Age")).isNull();
		}
		finally {
			benchmark.stop();
		}
	}

	@Test
	void whenTheRequestFilteringBenchmarkRunsThenTheFloorPassesTheFilter() throws Exception {
		BuiltInModulesBenchmark benchmark = new BuiltInModulesBenchmark();
		benchmark.modules = "filtering";
		benchmark.start();
		try {
			assertThat(benchmark.floor().getStatus()).isEqualTo(200);
			assertThat(benchmark.request("/bench/.git/config").getStatus()).isEqualTo(404);
		}
		finally {
			benchmark.stop();
		}
	}

	@Test
	void whenTheDirectRequestFilteringBenchmarkRunsThenBothRequestsPassAndTheBrowserOneHasItsHeaders() {
		for (String request : List.of("floor", "browser")) {
			RequestFilteringBenchmark benchmark = new RequestFilteringBenchmark();
			benchmark.request = request;
			benchmark.start();
			assertThat(benchmark.beginRequest()).isEqualTo(NotificationStatus.CONTINUE);
			assertThat(benchmark.control()).isEqualTo(NotificationStatus.CONTINUE);
			assertThat(Collections.list(benchmark.request().getHeaderNames()))
				.hasSize(request.equals("browser") ? 9 : 0);
		}
	}

	@Test
	void whenEachBatchBenchmarkRunsOnceThenEachAnswers() throws Exception {
		BatchBenchmark benchmark = new BatchBenchmark();
		benchmark.start();
		try {
			AccessLogModule accessLog = benchmark.application().bean(AccessLogModule.class);
			long logged = accessLog.logged();
			assertThat(benchmark.batchOf20()).isEqualTo(200);
			assertThat(accessLog.logged()).as("its 20 items passed the pipeline").isGreaterThanOrEqualTo(logged + 20);
			assertThat(benchmark.sequentialExecute20()).isEqualTo(20 * 200);
			assertThat(benchmark.loopback20()).isEqualTo(20 * 200);
			assertThat(benchmark.loopbackRawSocket20()).isEqualTo(20 * 200);
			assertThat(benchmark.batchOf10Waiting()).isEqualTo(200);
			assertThat(benchmark.batchOf0()).isEqualTo(200);
			assertThat(benchmark.batchOf1()).isEqualTo(200);
			long composing = accessLog.logged();
			assertThat(benchmark.composedSequential20()).isEqualTo(200);
			// The GET's own line may follow its response: its children's lines precede it
			assertThat(accessLog.logged()).as("its 20 children passed the pipeline")
				.isGreaterThanOrEqualTo(composing + 20);
			assertThat(benchmark.composedAll20()).isEqualTo(200);
			assertThat(accessLog.logged()).as("its 20 fanned-out children passed the pipeline")
				.isGreaterThanOrEqualTo(composing + 40);
		}
		finally {
			benchmark.stop();
		}
	}

	@Test
	void whenThroughputComparisonRunsBrieflyThenBothApplicationsServeTheLoad() {
		ByteArrayOutputStream report = new ByteArrayOutputStream();
		PipelineThroughput.Result result = PipelineThroughput.run(
				new PipelineThroughput.Settings(1, Duration.ofMillis(200), 1, Duration.ofMillis(300), 2, "256m"),
				new PrintStream(report, true, StandardCharsets.UTF_8));
		assertThat(result.meanWithPipeline()).isPositive();
		assertThat(result.meanWithoutPipeline()).isPositive();
		assertThat(result.cpuWithPipeline()).isPositive();
		assertThat(result.cpuWithoutPipeline()).isPositive();
		assertThat(result.bytesWithPipeline()).isPositive();
		assertThat(result.bytesWithoutPipeline()).isPositive();
		assertThat(report.toString(StandardCharsets.UTF_8)).contains("pipeline + 12 no-op modules keeps",
				"of the throughput of pipeline disabled");
	}

}
