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

import java.util.Collections;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.readme.ForecastController.Weather;

/**
 * The endpoints {@link ForecastController} composes.
 *
 * @author Integrated Pipeline team
 */
@RestController
class ForecastApi {

	@GetMapping("/api/forecast")
	Weather today() {
		return new Weather("Redmond", "drizzle", 14);
	}

	@GetMapping("/api/forecast/week")
	List<Weather> week() {
		return Collections.nCopies(7, today());
	}

	@PostMapping("/api/forecast")
	Weather save(@RequestBody Weather weather) {
		return weather;
	}

	@PostMapping("/api/subscribe")
	String subscribe(@RequestParam String email) {
		return "subscribed " + email;
	}

}
