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

import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The pages the built-in modules use in the demo: the custom 404 page and the target of
 * the {@code /old/**} rewrite.
 *
 * @author Integrated Pipeline team
 */
@RestController
public class BuiltInModulesController {

	@GetMapping(path = "/errors/not-found", produces = MediaType.TEXT_HTML_VALUE)
	String notFoundPage(HttpServletRequest request) {
		// The custom errors module set the attributes a container sets for its error page
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		return """
				<!DOCTYPE html>
				<html><head><title>Not found</title></head><body>
				<h1>Nothing here</h1>
				<p>There is no %s in this demo; try <a href="/">the home page</a>.</p>
				</body></html>
				""".formatted(HtmlUtils.htmlEscape(String.valueOf(uri)));
	}

	@GetMapping(path = "/errors/not-found", produces = MediaType.APPLICATION_JSON_VALUE)
	Map<String, Object> notFoundJson(HttpServletRequest request) {
		return Map.of("error", "not found", "path",
				String.valueOf(request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI)));
	}

	@GetMapping(path = "/new/{*rest}", produces = MediaType.TEXT_PLAIN_VALUE)
	String newPage(@PathVariable String rest) {
		return "This is /new" + rest + "\n";
	}

}
