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

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

@RestController
class HomeController {

	private final ChildRequestExecutor children;

	HomeController(ChildRequestExecutor children) {
		this.children = children;
	}

	@GetMapping("/home")
	String home(HttpServletRequest request) {
		// In-process, in parallel, through Spring Security and every filter
		List<ChildResponse> parts = this.children
			.executeAll(List.of(ChildRequest.from(request).path("/fragments/profile").build(),
					ChildRequest.from(request).path("/fragments/orders").build()));
		return parts.get(0).contentAsString() + parts.get(1).contentAsString();
	}

}
