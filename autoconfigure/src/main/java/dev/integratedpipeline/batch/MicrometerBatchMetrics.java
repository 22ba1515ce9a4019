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

package dev.integratedpipeline.batch;

import java.time.Duration;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.util.Assert;

/**
 * {@link BatchMetrics} on Micrometer: a timer {@code integrated.pipeline.batch.requests}
 * tagged by {@code outcome} (every batch, refused ones included) and a distribution
 * summary {@code integrated.pipeline.batch.items} of the number of items of each batch
 * that was accepted.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class MicrometerBatchMetrics implements BatchMetrics {

	/**
	 * The name of the timer of batches.
	 */
	public static final String REQUESTS = "integrated.pipeline.batch.requests";

	/**
	 * The name of the distribution summary of item counts.
	 */
	public static final String ITEMS = "integrated.pipeline.batch.items";

	private final MeterRegistry registry;

	private final DistributionSummary items;

	/**
	 * Create metrics recorded in a registry.
	 * @param registry the registry
	 */
	public MicrometerBatchMetrics(MeterRegistry registry) {
		Assert.notNull(registry, "'registry' must not be null");
		this.registry = registry;
		this.items = DistributionSummary.builder(ITEMS)
			.description("Number of items of the JSON batches accepted")
			.baseUnit("items")
			.register(registry);
	}

	@Override
	public void record(BatchOutcome outcome, int items, Duration duration) {
		Timer.builder(REQUESTS)
			.description("JSON batch requests, by outcome")
			.tag("outcome", outcome.name())
			.register(this.registry)
			.record(duration);
		if (outcome != BatchOutcome.REFUSED && items >= 0) {
			this.items.record(items);
		}
	}

}
