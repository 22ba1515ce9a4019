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

/**
 * Records each batch the {@link BatchHandler} answered. Declare a bean of this type to
 * replace the auto-configured one ({@link MicrometerBatchMetrics} with a Micrometer
 * {@code MeterRegistry}, {@link #NONE} otherwise).
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@FunctionalInterface
public interface BatchMetrics {

	/**
	 * Records nothing.
	 */
	BatchMetrics NONE = (outcome, items, duration) -> {
	};

	/**
	 * Record a batch, once its response was written (or refused). Called on the batch
	 * request's thread; must not throw.
	 * @param outcome how the batch ended
	 * @param items how many items it held, {@code -1} when it was refused before its
	 * items were counted
	 * @param duration how long the batch took, from its handler's start to its last item
	 * written
	 */
	void record(BatchOutcome outcome, int items, Duration duration);

}
