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

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * The soak of child-request traces: requests of {@code width} x {@code width} traced
 * children (100 x 100 by default: 10,100 children each) sent one after the other to the
 * benchmark application, with the {@code childrequests} endpoint exposed so that every
 * request is traced, in a small heap. It reports the heap used after a full GC at the
 * start (after the first request), in the middle and at the end, the requests served, the
 * nodes the trace repository holds and the time, and fails (exit status 1) when a request
 * is not answered 200 with all its children or the server no longer answers.
 * <p>
 * Run by the {@code soak} Maven profile, in a JVM of its own with {@code -Xmx256m}:
 * {@code ./mvnw -pl autoconfigure -am -Psoak -DskipTests verify} (1,000 requests;
 * {@code -Dsoak.requests=N} and {@code -Dsoak.width=N} change them).
 */
public final class TraceSoak {

	private static final String USER = "Basic " + Base64.getEncoder().encodeToString("user:password".getBytes());

	private TraceSoak() {
	}

	public static void main(String[] args) throws Exception {
		int requests = Integer.getInteger("soak.requests", 1000);
		int width = Integer.getInteger("soak.width", 100);
		boolean ok;
		try (ConfigurableApplicationContext context = start()) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			ok = run(port, requests, width, System.out);
		}
		System.exit(ok ? 0 : 1);
	}

	private static ConfigurableApplicationContext start() {
		SpringApplication application = new SpringApplication(SoakApplication.class);
		application.setBannerMode(Banner.Mode.OFF);
		return application.run("--server.port=0", "--spring.config.name=benchmark-none",
				"--spring.main.log-startup-info=false", "--logging.level.root=WARN",
				"--management.endpoints.web.exposure.include=childrequests",
				// About memory, not latency: on a loaded machine 10,100 children may take
				// longer than the default 30 s
				"--integrated-pipeline.child.timeout=10m", "--spring.autoconfigure.exclude="
						+ "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration,"
						// Both containers are on the test class path: on Tomcat
						+ "org.springframework.boot.jetty.autoconfigure.servlet.JettyServletWebServerAutoConfiguration");
	}

	static boolean run(int port, int requests, int width, PrintStream out) throws Exception {
		HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
		String expected = Integer.toString(width * width);
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		List<Long> heap = new ArrayList<>();
		long start = System.nanoTime();
		int served = 0;
		out.printf("Trace soak: %d requests of %d x %d traced children, max heap %d MB%n", requests, width, width,
				Runtime.getRuntime().maxMemory() / (1024 * 1024));
		for (int i = 1; i <= requests; i++) {
			HttpResponse<String> response = send(client, port, "/bench/soak/fan?width=" + width + "&depth=2", false);
			if (response.statusCode() != 200 || !expected.equals(response.body())) {
				out.printf("Request %d answered %d: %s%n", i, response.statusCode(), response.body());
				break;
			}
			served++;
			if (i == 1 || i == (requests + 1) / 2 || i == requests) {
				heap.add(heapAfterGc(memory));
			}
			if (i % Math.max(requests / 20, 1) == 0) {
				out.printf("  %d requests, %.0f s, heap after GC %d MB%n", i, seconds(start),
						heapAfterGc(memory) / (1024 * 1024));
			}
		}
		HttpResponse<String> traces = send(client, port, "/actuator/childrequests", true);
		String nodes = traces.body().replaceAll("(?s).*\"nodes\":(\\d+).*", "$1");
		out.printf(
				"Served %d of %d requests (%d children each) in %.0f s; the server answers: %s; "
						+ "the trace repository holds %s nodes%n",
				served, requests, width * width + width, seconds(start), traces.statusCode() == 200,
				(traces.statusCode() == 200) ? nodes : "?");
		List<String> mb = heap.stream().map((bytes) -> bytes / (1024 * 1024) + " MB").toList();
		out.printf("Heap used after a full GC at the start, middle and end: %s%n", String.join(", ", mb));
		return served == requests && traces.statusCode() == 200;
	}

	private static HttpResponse<String> send(HttpClient client, int port, String path, boolean authenticated)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
			.timeout(Duration.ofMinutes(5));
		if (authenticated) {
			request.header("Authorization", USER);
		}
		return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
	}

	private static long heapAfterGc(MemoryMXBean memory) {
		System.gc();
		return memory.getHeapMemoryUsage().getUsed();
	}

	private static double seconds(long start) {
		return (System.nanoTime() - start) / 1e9;
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@Import({ BenchmarkApplication.class, SoakController.class })
	static class SoakApplication {

	}

	/**
	 * Fans out: {@code width} children, each fanning out again, {@code depth} levels
	 * deep; a leaf answers {@code 1}, and each level the sum of its children.
	 */
	@RestController
	static class SoakController {

		private final ChildRequestExecutor executor;

		SoakController(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		@GetMapping("/bench/soak/fan")
		String fan(@RequestParam int width, @RequestParam int depth) {
			if (depth == 0) {
				return "1";
			}
			ChildRequest child = ChildRequest.get("/bench/soak/fan?width=" + width + "&depth=" + (depth - 1)).build();
			// The first level in parallel, the next one after the other: at most some
			// width + pool size children in flight, within max-concurrent
			List<ChildResponse> responses = (depth > 1) ? this.executor.executeAll(Collections.nCopies(width, child))
					: Collections.nCopies(width, child).stream().map(this.executor::execute).toList();
			int sum = 0;
			for (ChildResponse response : responses) {
				sum += (response.status() == 200) ? Integer.parseInt(response.contentAsString()) : 0;
			}
			return Integer.toString(sum);
		}

	}

}
