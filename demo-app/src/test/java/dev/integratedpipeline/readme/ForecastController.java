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

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

@RestController
class ForecastController {

	private final ChildRequestExecutor children;

	ForecastController(ChildRequestExecutor children) {
		this.children = children;
	}

	@GetMapping("/forecast")
	String forecast() {
		Weather today = this.children.execute(ChildRequest.get("/api/forecast").build())
			.requireSuccess() // HttpClientErrorException.NotFound for a 404, and so on
			.bodyAs(Weather.class);
		List<Weather> week = this.children.execute(ChildRequest.get("/api/forecast/week").build())
			.requireSuccess()
			.bodyAs(new ParameterizedTypeReference<List<Weather>>() {
			});
		Weather saved = this.children
			.execute(ChildRequest.builder("POST", "/api/forecast").json(new Weather("Oslo", "sun", 21)).build())
			.requireSuccess()
			.bodyAs(Weather.class);
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("email", "zoë@example.com");
		ChildResponse subscribed = this.children
			.execute(ChildRequest.builder("POST", "/api/subscribe").form(form).build());
		return today.sky() + ", " + week.size() + " days, saved " + saved.city() + ", " + subscribed.contentAsString();
	}

	record Weather(String city, String sky, int temperatureCelsius) {

	}

}
