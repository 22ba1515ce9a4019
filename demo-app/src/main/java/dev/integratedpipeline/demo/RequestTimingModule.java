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

import java.util.Locale;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * Adds an {@code X-Response-Time} header to every response, measured from the start of
 * the pipeline to the moment the response is committed.
 *
 * @author Integrated Pipeline team
 */
@Component
// First, so that the clock starts before any other module can answer the request at
// BEGIN_REQUEST (onSendResponse runs in reverse order, so this module is also the last
// to see the response and its figure includes the other modules' work)
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestTimingModule implements PipelineModule {

	static final String HEADER = "X-Response-Time";

	private static final String START = RequestTimingModule.class.getName() + ".start";

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		// Per-request state, not a field: one singleton module serves every request
		context.state().put(START, System.nanoTime());
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		// The response is not committed yet, so a header can still be added here, even
		// when the body is already being written
		if (context.state().get(START) instanceof Long start) {
			double millis = (System.nanoTime() - start) / 1_000_000.0;
			context.response().setHeader(HEADER, String.format(Locale.ROOT, "%.3fms", millis));
		}
		return NotificationStatus.CONTINUE;
	}

}
