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

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

import static org.assertj.core.api.Assertions.assertThat;

@WebMvcTest(ForecastController.class)
@Import({ ForecastApi.class, TimingModule.class }) // what the children ask for, and the
													// modules
class ForecastControllerTests {

	@Autowired
	private MockMvcTester mvc;

	@Test
	void whenForecastIsRequestedThenItComposesTheForecastApiThroughThePipeline() {
		assertThat(this.mvc.get().uri("/forecast")).hasStatusOk()
			.containsHeader("X-Response-Time")
			.bodyText()
			.isEqualTo("drizzle, 7 days, saved Oslo, subscribed zoë@example.com");
	}

}
