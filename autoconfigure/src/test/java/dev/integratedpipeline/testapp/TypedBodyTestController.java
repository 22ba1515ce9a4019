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

package dev.integratedpipeline.testapp;

import java.util.List;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClientException;
import org.springframework.web.server.ResponseStatusException;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * Typed child bodies: the parts answer JSON, text, errors; the {@code /typed/child/..}
 * pages read them with {@link ChildResponse#bodyAs} and send them with
 * {@link ChildRequest.Builder#json} and {@link ChildRequest.Builder#form}, and report
 * what they got.
 */
@RestController
public class TypedBodyTestController {

	private final ChildRequestExecutor executor;

	public TypedBodyTestController(ChildRequestExecutor executor) {
		this.executor = executor;
	}

	// The parts

	@GetMapping("/typed/forecast")
	Forecast forecast() {
		return new Forecast("Oslo", 7);
	}

	@GetMapping("/typed/forecasts")
	List<Forecast> forecasts() {
		return List.of(new Forecast("Oslo", 7), new Forecast("Bergen", 9));
	}

	@PostMapping("/typed/echo")
	String echo(@RequestBody String body, @RequestHeader("Content-Type") String contentType) {
		return contentType + " " + body;
	}

	@PostMapping("/typed/warmer")
	Forecast warmer(@RequestBody Forecast forecast) {
		return new Forecast(forecast.cityName(), forecast.degrees() + 1);
	}

	@PostMapping("/typed/form")
	String form(@RequestParam String name, @RequestParam String city,
			@RequestHeader("Content-Type") String contentType) {
		return contentType + " name=" + name + " city=" + city;
	}

	@GetMapping("/typed/missing")
	ResponseEntity<String> missing() {
		return ResponseEntity.status(HttpStatus.NOT_FOUND).header("X-Reason", "no such forecast").body("no forecast");
	}

	@GetMapping("/typed/boom")
	String boom() {
		throw new IllegalStateException("the forecast service broke");
	}

	@GetMapping(path = "/typed/text", produces = MediaType.TEXT_PLAIN_VALUE)
	String text() {
		return "sunny";
	}

	@GetMapping(path = "/typed/malformed", produces = MediaType.APPLICATION_JSON_VALUE)
	String malformed() {
		return "{\"city_name\": ";
	}

	// The pages that compose them

	@GetMapping("/typed/child/forecast")
	String childForecast() {
		Forecast forecast = this.executor.execute(ChildRequest.get("/typed/forecast").build()).bodyAs(Forecast.class);
		return forecast.cityName() + " " + forecast.degrees();
	}

	@GetMapping("/typed/child/raw")
	String childRaw() {
		return this.executor.execute(ChildRequest.get("/typed/forecast").build()).contentAsString();
	}

	@GetMapping("/typed/child/forecasts")
	String childForecasts() {
		List<Forecast> forecasts = this.executor.execute(ChildRequest.get("/typed/forecasts").build())
			.bodyAs(new ParameterizedTypeReference<List<Forecast>>() {
			});
		return forecasts.get(0).getClass().getSimpleName() + " " + forecasts.get(0).cityName() + ","
				+ forecasts.get(1).cityName();
	}

	@GetMapping("/typed/child/json")
	String childJson() {
		return this.executor
			.execute(ChildRequest.builder("POST", "/typed/echo").json(new Forecast("Bergen", 3)).build())
			.contentAsString();
	}

	@GetMapping("/typed/child/json-round-trip")
	String childJsonRoundTrip() {
		Forecast forecast = this.executor
			.execute(ChildRequest.builder("POST", "/typed/warmer").json(new Forecast("Bergen", 3)).build())
			.requireSuccess()
			.bodyAs(Forecast.class);
		return forecast.cityName() + " " + forecast.degrees();
	}

	@GetMapping("/typed/child/form")
	String childForm() {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("name", "Zoë & Åse");
		form.add("city", "a=b c");
		return this.executor.execute(ChildRequest.builder("POST", "/typed/form").form(form).build()).contentAsString();
	}

	@GetMapping("/typed/child/require/{part}")
	String childRequireSuccess(@PathVariable String part) {
		return this.executor.execute(ChildRequest.get("/typed/" + part).build()).requireSuccess().contentAsString();
	}

	@GetMapping("/typed/child/as-forecast/{part}")
	String childAsForecast(@PathVariable String part) {
		return this.executor.execute(ChildRequest.get("/typed/" + part).build()).bodyAs(Forecast.class).toString();
	}

	// What the application's handlers do with the exceptions

	@ExceptionHandler(HttpClientErrorException.class)
	ResponseEntity<String> clientError(HttpClientErrorException ex) {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.body("client error " + ex.getClass().getSimpleName() + " " + ex.getStatusCode().value() + " "
					+ ex.getResponseHeaders().getFirst("X-Reason") + " " + ex.getResponseBodyAsString());
	}

	@ExceptionHandler(HttpServerErrorException.class)
	ResponseEntity<String> serverError(HttpServerErrorException ex) {
		Throwable cause = ex.getCause();
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.body("server error " + ex.getStatusCode().value() + " cause "
					+ ((cause != null) ? cause.getClass().getSimpleName() + ": " + cause.getMessage() : "none"));
	}

	@ExceptionHandler(RestClientException.class)
	ResponseEntity<String> unreadable(RestClientException ex) {
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY)
			.body(ex.getClass().getSimpleName() + ": " + ex.getMessage());
	}

	/**
	 * A forecast, written in snake case by the application's Jackson configuration.
	 *
	 * @param cityName the city
	 * @param degrees the temperature
	 */
	public record Forecast(String cityName, int degrees) {

	}

}
