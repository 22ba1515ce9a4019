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

import java.security.Principal;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.servlet.IntegratedPipeline;

/**
 * The plain Spring MVC handlers that the demo's modules and child requests work with: a
 * private greeting, the default page and the parts of the dashboard.
 *
 * @author Integrated Pipeline team
 */
@RestController
public class DemoController {

	// Long enough to see in the dashboard that its three parts run in parallel
	private static final long PART_DELAY_MILLIS = 50;

	@GetMapping(path = "/private/hello", produces = MediaType.TEXT_PLAIN_VALUE)
	String hello(HttpServletRequest request) {
		// HeaderAuthenticationModule let only authenticated requests through, and the
		// user it set is the servlet request's principal
		Principal user = request.getUserPrincipal();
		return "Hello, " + ((user != null) ? user.getName() : "stranger") + "!\n";
	}

	@GetMapping(path = "/pages/default", produces = MediaType.TEXT_HTML_VALUE)
	String defaultPage(HttpServletRequest request) {
		return """
				<!DOCTYPE html>
				<html><head><title>Integrated Pipeline demo</title></head><body>
				<h1>Welcome to the Integrated Pipeline demo</h1>
				<p>This page is /pages/default, %s.</p>
				<ul>
				<li><a href="/dashboard">/dashboard</a>: a page composed from child requests run in parallel</li>
				<li><a href="/events">/events</a>: the pipeline events of its own request</li>
				<li><a href="/private/hello">/private/hello</a>: send the X-Demo-User header to get in</li>
				</ul>
				</body></html>
				""".formatted(HtmlUtils.htmlEscape(origin(request)));
	}

	private static String origin(HttpServletRequest request) {
		// A child request has a parent context: the request that issued it
		PipelineContext context = IntegratedPipeline.context(request);
		PipelineContext parent = (context != null) ? context.parent() : null;
		return (parent != null) ? "served through a child request of " + parent.request().getRequestURI()
				: "requested directly";
	}

	@GetMapping("/api/weather")
	Map<String, Object> weather() {
		pause();
		return Map.of("city", "Redmond", "sky", "drizzle", "temperatureCelsius", 14);
	}

	@GetMapping("/api/news")
	Map<String, Object> news() {
		pause();
		return Map.of("headlines",
				List.of("Integrated pipeline reaches Spring MVC", "Child requests never leave the process"));
	}

	@GetMapping("/api/stocks")
	Map<String, Object> stocks() {
		pause();
		return Map.of("symbol", "PIPE", "price", 42.17, "change", "+0.8%");
	}

	private static void pause() {
		try {
			Thread.sleep(PART_DELAY_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
