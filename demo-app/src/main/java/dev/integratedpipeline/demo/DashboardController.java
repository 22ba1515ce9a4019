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

import java.time.Duration;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * Composes the dashboard from the weather, news and stocks endpoints, fetched in parallel
 * as in-process child requests that pass the whole pipeline, and read as typed values
 * with {@link ChildResponse#bodyAs(Class)}: the application's own Jackson configuration
 * reads them.
 *
 * @author Integrated Pipeline team
 */
@RestController
public class DashboardController {

	private static final List<String> PARTS = List.of("/api/weather", "/api/news", "/api/stocks");

	private final ChildRequestExecutor executor;

	public DashboardController(ChildRequestExecutor executor) {
		this.executor = executor;
	}

	@GetMapping(path = "/dashboard", produces = MediaType.TEXT_HTML_VALUE)
	String dashboard() {
		long start = System.nanoTime();
		// No sockets, no serialization to another process: each part is dispatched to
		// the DispatcherServlet on its own thread, and executeAll waits for all of them
		List<ChildResponse> responses = this.executor
			.executeAll(PARTS.stream().map((path) -> ChildRequest.get(path).build()).toList());
		Duration total = Duration.ofNanos(System.nanoTime() - start);
		// A part that did not answer 2xx fails the page with HttpServerErrorException or
		// HttpClientErrorException, as RestClient.retrieve() would
		Weather weather = responses.get(0).requireSuccess().bodyAs(Weather.class);
		News news = responses.get(1).requireSuccess().bodyAs(News.class);
		Stock stock = responses.get(2).requireSuccess().bodyAs(Stock.class);
		StringBuilder page = new StringBuilder();
		page.append("<!DOCTYPE html>\n<html><head><title>Dashboard</title></head><body>\n");
		page.append("<h1>Dashboard</h1>\n<table border=\"1\">\n");
		page.append("<tr><th>Part</th><th>Status</th><th>Duration</th><th>Content</th></tr>\n");
		appendPart(page, PARTS.get(0), responses.get(0),
				weather.city() + ": " + weather.sky() + ", " + weather.temperatureCelsius() + " \u00b0C");
		appendPart(page, PARTS.get(1), responses.get(1), String.join(" \u2022 ", news.headlines()));
		appendPart(page, PARTS.get(2), responses.get(2),
				stock.symbol() + " " + stock.price() + " (" + stock.change() + ")");
		page.append("</table>\n");
		// Each part sleeps about 50 ms: a total close to one part's time, not to their
		// sum, shows that the parts ran in parallel
		page.append("<p>Total: ").append(millis(total)).append(" for ").append(PARTS.size()).append(" parts.</p>\n");
		page.append("<p><a href=\"/\">Home</a> \u00b7 <a href=\"/actuator/childrequests/viewer/index.html\">")
			.append("The trace of this page</a></p>\n</body></html>\n");
		return page.toString();
	}

	private static void appendPart(StringBuilder page, String path, ChildResponse response, String content) {
		page.append("<tr><td>")
			.append(path)
			.append("</td><td>")
			.append(response.status())
			.append("</td><td>")
			.append(millis(response.duration()))
			.append("</td><td>")
			// The content is data, not markup
			.append(HtmlUtils.htmlEscape(content))
			.append("</td></tr>\n");
	}

	private static String millis(Duration duration) {
		return duration.toMillis() + " ms";
	}

	/**
	 * The weather part.
	 *
	 * @param city the city
	 * @param sky the sky
	 * @param temperatureCelsius the temperature
	 */
	record Weather(String city, String sky, int temperatureCelsius) {

	}

	/**
	 * The news part.
	 *
	 * @param headlines the headlines
	 */
	record News(List<String> headlines) {

	}

	/**
	 * The stocks part.
	 *
	 * @param symbol the symbol
	 * @param price the price
	 * @param change the change since yesterday
	 */
	record Stock(String symbol, double price, String change) {

	}

}
