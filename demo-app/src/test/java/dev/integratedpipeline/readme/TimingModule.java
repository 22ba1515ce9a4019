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

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.SendResponseEvent;

@Component
@Order(10)
class TimingModule implements PipelineModule {

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		context.state().put("start", System.nanoTime());
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		long took = System.nanoTime() - (long) context.state().get("start");
		context.response().setHeader("X-Response-Time", took / 1000 + "us");
		return NotificationStatus.CONTINUE;
	}

}
