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

package dev.integratedpipeline.child;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.integratedpipeline.testapp.HttpTestClient;
import dev.integratedpipeline.testapp.PipelineTestApplication;
import dev.integratedpipeline.testapp.TypedBodyTestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed child bodies over real HTTP: {@link ChildResponse#bodyAs},
 * {@link ChildRequest.Builder#json}, {@link ChildRequest.Builder#form} and
 * {@link ChildResponse#requireSuccess()}, with an application whose Jackson configuration
 * writes snake case, so that only its own converters read what it wrote.
 *
 * @see TypedBodyTestController
 */
@SpringBootTest(classes = PipelineTestApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "spring.jackson.property-naming-strategy=SNAKE_CASE")
class TypedChildBodyHttpTests {

	@LocalServerPort
	private int port;

	private HttpTestClient http;

	@BeforeEach
	void setUp() {
		this.http = new HttpTestClient(this.port);
	}

	@Test
	void whenChildAnswersJsonThenItIsWrittenWithTheApplicationsJacksonConfiguration() {
		assertThat(this.http.get("/typed/child/raw").body()).isEqualTo("{\"city_name\":\"Oslo\",\"degrees\":7}");
	}

	@Test
	void whenBodyAsReadsAClassThenTheApplicationsJacksonConfigurationApplies() {
		assertThat(this.http.get("/typed/child/forecast").body()).isEqualTo("Oslo 7");
	}

	@Test
	void whenBodyAsReadsAParameterizedTypeThenTheElementsHaveTheirType() {
		assertThat(this.http.get("/typed/child/forecasts").body()).isEqualTo("Forecast Oslo,Bergen");
	}

	@Test
	void whenChildIsBuiltWithJsonThenItIsSentAsJsonWrittenByTheApplicationsConverters() {
		assertThat(this.http.get("/typed/child/json").body())
			.isEqualTo("application/json {\"city_name\":\"Bergen\",\"degrees\":3}");
	}

	@Test
	void whenJsonIsSentAndReadBackThenTheHandlerBindsItAndBodyAsReadsItsAnswer() {
		assertThat(this.http.get("/typed/child/json-round-trip").body()).isEqualTo("Bergen 4");
	}

	@Test
	void whenChildIsBuiltWithAFormThenItIsSentUrlEncodedInUtf8AndBoundAsParameters() {
		assertThat(this.http.get("/typed/child/form").body()).startsWith("application/x-www-form-urlencoded")
			.endsWith(" name=Zoë & Åse city=a=b c");
	}

	@Test
	void whenChildAnswers2xxThenRequireSuccessReturnsIt() {
		assertThat(this.http.get("/typed/child/require/forecast").body()).contains("Oslo");
	}

	@Test
	void whenChildAnswers4xxThenRequireSuccessThrowsHttpClientErrorExceptionWithStatusHeadersAndBody() {
		HttpResponse<String> response = this.http.get("/typed/child/require/missing");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body()).isEqualTo("client error NotFound 404 no such forecast no forecast");
	}

	@Test
	void whenChildFailsThenRequireSuccessThrowsHttpServerErrorExceptionCausedByTheFailure() {
		HttpResponse<String> response = this.http.get("/typed/child/require/boom");
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.body())
			.isEqualTo("server error 500 cause IllegalStateException: the forecast service broke");
	}

	@Test
	void whenNoConverterReadsTheContentTypeThenTheExceptionNamesTypeAndContentType() {
		String body = this.http.get("/typed/child/as-forecast/text").body();
		assertThat(body).startsWith("UnknownContentTypeException: ")
			.contains(TypedBodyTestController.Forecast.class.getName())
			.contains("text/plain");
	}

	@Test
	void whenContentIsMalformedThenTheExceptionNamesTypeAndContentType() {
		String body = this.http.get("/typed/child/as-forecast/malformed").body();
		assertThat(body).startsWith("RestClientException: ")
			.contains(TypedBodyTestController.Forecast.class.getName())
			.contains("application/json");
	}

}
