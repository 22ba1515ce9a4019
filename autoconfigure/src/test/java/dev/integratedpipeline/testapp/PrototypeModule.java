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

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * A prototype-scoped module that counts its instances and disposals and tells each
 * request which instance served it.
 */
public class PrototypeModule implements PipelineModule {

	public static final AtomicInteger created = new AtomicInteger();

	public static final AtomicInteger disposed = new AtomicInteger();

	/**
	 * The {@code X-Test-Id} of the requests whose instance was disposed.
	 */
	public static final Set<String> disposedRequests = ConcurrentHashMap.newKeySet();

	private final int instance = created.incrementAndGet();

	private int notifications;

	private String testId;

	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		this.notifications++;
		this.testId = context.request().getHeader("X-Test-Id");
		context.response().setHeader("X-Prototype-Instance", String.valueOf(this.instance));
		return NotificationStatus.CONTINUE;
	}

	@Override
	public NotificationStatus onEndRequest(PipelineContext context) {
		this.notifications++;
		return NotificationStatus.CONTINUE;
	}

	@Override
	public void dispose() {
		if (this.notifications == 2) {
			disposed.incrementAndGet();
		}
		if (this.testId != null) {
			disposedRequests.add(this.testId);
		}
	}

}
