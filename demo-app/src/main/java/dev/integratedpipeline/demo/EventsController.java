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

import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.RequestEvent;
import dev.integratedpipeline.servlet.IntegratedPipeline;

/**
 * Shows the pipeline events that its own request passed before this page was rendered, as
 * recorded by {@link EventRecorderModule}.
 *
 * @author Integrated Pipeline team
 */
@RestController
public class EventsController {

	@GetMapping(path = "/events", produces = MediaType.TEXT_HTML_VALUE)
	String events(HttpServletRequest request) {
		// A controller reaches the per-request state of the modules through the context
		PipelineContext context = IntegratedPipeline.context(request);
		List<String> seen = (context != null) ? List.copyOf(EventRecorderModule.events(context)) : List.of();
		StringBuilder page = new StringBuilder();
		page.append("<!DOCTYPE html>\n<html><head><title>Pipeline events</title></head><body>\n");
		page.append("<h1>The events of this request</h1>\n");
		page.append("<p>GET /events passed these events before its handler rendered this page:</p>\n<ol>\n");
		seen.forEach((event) -> page.append("<li>").append(event).append("</li>\n"));
		page.append("</ol>\n<p>These run after the page is rendered, too late to show here ");
		page.append("(the application log lists them at the end of each request):</p>\n<ol>\n");
		remaining(seen).forEach((event) -> page.append("<li class=\"later\">").append(event).append("</li>\n"));
		page.append("</ol>\n<p><a href=\"/\">Home</a></p>\n</body></html>\n");
		return page.toString();
	}

	private static List<String> remaining(List<String> seen) {
		List<String> all = new ArrayList<>();
		for (RequestEvent event : RequestEvent.values()) {
			all.add(event.name());
			all.add("POST_" + event.name());
		}
		int last = seen.isEmpty() ? -1 : all.indexOf(seen.get(seen.size() - 1));
		return all.subList(last + 1, all.size());
	}

}
