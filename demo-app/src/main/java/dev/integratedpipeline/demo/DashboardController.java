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

package dev.integratedpipeline.demo;

import java.time.Duration;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * Composes the dashboard from the weather, news and stocks endpoints, fetched in parallel
 * as in-process child requests that pass the whole pipeline.
 *
 * @author Integrated Pipeline team
 */
@RestController
public class DashboardController {

	private static final List<String> PARTS = List.of("/api/weather", "/api/news", "/api/stocks");

	private final ChildRequestExecutor executor;

	public DashboardController(ChildRequestExecutor executor) {
		this.executor = executor;
	}

	@GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
	String dashboard() {
		long start = System.nanoTime();
		// No sockets, no serialization to another process: each part is dispatched to
		// the DispatcherServlet on its own thread, and executeAll waits for all of them
		List<ChildResponse> responses = this.executor
			.executeAll(PARTS.stream().map((path) -> ChildRequest.get(path).build()).toList());
		Duration total = Duration.ofNanos(System.nanoTime() - start);
		StringBuilder page = new StringBuilder();
		page.append("<!DOCTYPE html>\n<html><head><title>Dashboard</title></head><body>\n");
		page.append("<h1>Dashboard</h1>\n<table border=\"1\">\n");
		page.append("<tr><th>Part</th><th>Status</th><th>Duration</th><th>Content</th></tr>\n");
		for (int i = 0; i < PARTS.size(); i++) {
			appendPart(page, PARTS.get(i), responses.get(i));
		}
		page.append("</table>\n");
		// Each part sleeps about 50 ms: a total close to one part's time, not to their
		// sum, shows that the parts ran in parallel
		page.append("<p>Total: ").append(millis(total)).append(" for ").append(PARTS.size()).append(" parts.</p>\n");
		page.append("<p><a href=\"/\">Home</a></p>\n</body></html>\n");
		return page.toString();
	}

	private static void appendPart(StringBuilder page, String path, ChildResponse response) {
		page.append("<tr><td>")
			.append(path)
			.append("</td><td>")
			.append(response.status())
			.append("</td><td>")
			.append(millis(response.duration()))
			.append("</td><td><code>")
			// The content is data, not markup
			.append(HtmlUtils.htmlEscape(response.contentAsString()))
			.append("</code></td></tr>\n");
	}

	private static String millis(Duration duration) {
		return duration.toMillis() + " ms";
	}

}
