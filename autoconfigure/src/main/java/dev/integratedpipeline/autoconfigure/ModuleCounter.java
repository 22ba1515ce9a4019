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

package dev.integratedpipeline.autoconfigure;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * Counts what a built-in module did in a Micrometer counter with one tag, looking the
 * {@link MeterRegistry} up on first use, so that the module does not depend on the
 * metrics auto-configuration having run first. Without a registry it counts nothing.
 *
 * @param <E> the outcomes, the tag values
 * @author Integrated Pipeline team
 */
final class ModuleCounter<E extends Enum<E>> implements Consumer<E> {

	private final ObjectProvider<MeterRegistry> registry;

	private final String name;

	private final String tag;

	private final Function<E, String> tagValue;

	private final Class<E> outcomes;

	private volatile @Nullable Map<E, Counter> counters;

	private volatile boolean absent;

	ModuleCounter(ObjectProvider<MeterRegistry> registry, String name, String tag, Class<E> outcomes,
			Function<E, String> tagValue) {
		this.registry = registry;
		this.name = name;
		this.tag = tag;
		this.outcomes = outcomes;
		this.tagValue = tagValue;
	}

	@Override
	public void accept(E outcome) {
		Map<E, Counter> counters = this.counters;
		if (counters == null) {
			if (this.absent) {
				return;
			}
			counters = register();
			if (counters == null) {
				return;
			}
		}
		counters.get(outcome).increment();
	}

	private @Nullable Map<E, Counter> register() {
		MeterRegistry registry = this.registry.getIfAvailable();
		if (registry == null) {
			this.absent = true;
			return null;
		}
		Map<E, Counter> counters = new EnumMap<>(this.outcomes);
		for (E outcome : this.outcomes.getEnumConstants()) {
			counters.put(outcome,
					Counter.builder(this.name).tag(this.tag, this.tagValue.apply(outcome)).register(registry));
		}
		this.counters = counters;
		return counters;
	}

}
