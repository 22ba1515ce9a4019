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

package dev.integratedpipeline.modules.filtering;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * An application that answers every path with 200, for the request filtering tests; a
 * module records the rule it finds in the request state at {@code LOG_REQUEST}, or
 * {@code none}, by {@code X-Test-Id}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(FilteringTestApplication.AnyPathController.class)
public class FilteringTestApplication {

	static final Map<String, Object> ruleAtLogRequest = new ConcurrentHashMap<>();

	@Bean
	SecurityFilterChain permitAll(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll());
		http.csrf((csrf) -> csrf.disable());
		return http.build();
	}

	@Bean
	PipelineModule ruleRecordingModule() {
		return new PipelineModule() {

			@Override
			public NotificationStatus onLogRequest(PipelineContext context) {
				String id = context.request().getHeader("X-Test-Id");
				Object rule = context.state().get(RequestFilteringModule.REJECTED_RULE);
				if (id != null) {
					ruleAtLogRequest.put(id, (rule != null) ? rule : "none");
				}
				return NotificationStatus.CONTINUE;
			}

		};
	}

	@RestController
	static class AnyPathController {

		private final ChildRequestExecutor children;

		AnyPathController(ChildRequestExecutor children) {
			this.children = children;
		}

		@GetMapping("/child")
		String child(@RequestParam String path) {
			ChildResponse response = this.children.execute(ChildRequest.get(path).build());
			return response.status() + " " + response.contentType();
		}

		/**
		 * Run a child request of the given method and path ({@code pad} characters added
		 * to it), with a header and a body of the given sizes when asked; answer its
		 * status, content type, {@code Allow} and content, or that it could not be built.
		 */
		@GetMapping("/child-of")
		String childOf(@RequestParam String method, @RequestParam String path,
				@RequestParam(defaultValue = "0") int pad, @RequestParam(required = false) String header,
				@RequestParam(defaultValue = "0") int valueSize, @RequestParam(defaultValue = "-1") int bodySize) {
			ChildResponse response;
			try {
				ChildRequest.Builder child = ChildRequest.builder(method, path + "a".repeat(pad));
				if (header != null) {
					child.header(header, "v".repeat(valueSize));
				}
				if (bodySize >= 0) {
					child.header("Content-Type", "text/plain").body("x".repeat(bodySize));
				}
				response = this.children.execute(child.build());
			}
			catch (IllegalArgumentException ex) {
				return "not built";
			}
			return response.status() + " " + response.contentType() + " " + response.headers().getFirst("Allow") + " "
					+ response.contentAsString();
		}

		@PostMapping("/upload")
		String upload(HttpServletRequest request) throws IOException {
			return "read " + request.getInputStream().readAllBytes().length;
		}

		@RequestMapping(path = "/**", method = { RequestMethod.GET, RequestMethod.HEAD, RequestMethod.POST,
				RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE })
		String any(HttpServletRequest request) {
			return "ok " + request.getMethod();
		}

	}

}
