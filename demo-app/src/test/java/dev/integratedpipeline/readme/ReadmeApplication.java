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
package dev.integratedpipeline.readme;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application that the README's snippets run in: their classes, and the endpoints
 * they call.
 *
 * @author Integrated Pipeline team
 */
@SpringBootApplication
class ReadmeApplication {

	@RestController
	static class Endpoints {

		@GetMapping("/fragments/profile")
		String profile(HttpServletRequest request) {
			return "<p>profile of " + request.getHeader("X-User") + "</p>";
		}

		@GetMapping("/fragments/orders")
		String orders() {
			return "<p>orders</p>";
		}

		@GetMapping("/pages/default")
		String defaultPage() {
			return "default page";
		}

		@GetMapping("/api/orders")
		String apiOrders() {
			return "orders;";
		}

		@GetMapping("/api/news")
		String news() {
			return "news";
		}

		@GetMapping("/api/weather")
		String weather() {
			return "weather";
		}

	}

}
