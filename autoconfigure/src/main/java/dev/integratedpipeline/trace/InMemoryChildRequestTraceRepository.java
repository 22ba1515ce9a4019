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

package dev.integratedpipeline.trace;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A {@link ChildRequestTraceRepository} that keeps the most recent traces in memory,
 * evicting the oldest beyond its capacity.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class InMemoryChildRequestTraceRepository implements ChildRequestTraceRepository {

	private final int capacity;

	private final Deque<ChildRequestTrace> traces = new ArrayDeque<>();

	/**
	 * Create a repository that keeps 100 traces.
	 */
	public InMemoryChildRequestTraceRepository() {
		this(100);
	}

	/**
	 * Create a repository.
	 * @param capacity how many traces to keep
	 */
	public InMemoryChildRequestTraceRepository(int capacity) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		this.capacity = capacity;
	}

	@Override
	public List<ChildRequestTrace> findAll() {
		synchronized (this.traces) {
			return List.copyOf(this.traces);
		}
	}

	@Override
	public @Nullable ChildRequestTrace findById(String id) {
		Assert.notNull(id, "'id' must not be null");
		List<ChildRequestTrace> traces;
		synchronized (this.traces) {
			traces = new ArrayList<>(this.traces);
		}
		for (ChildRequestTrace trace : traces) {
			ChildRequestTrace found = trace.find(id);
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	@Override
	public void add(ChildRequestTrace trace) {
		Assert.notNull(trace, "'trace' must not be null");
		synchronized (this.traces) {
			while (this.traces.size() >= this.capacity) {
				this.traces.removeLast();
			}
			this.traces.addFirst(trace);
		}
	}

	@Override
	public void clear() {
		synchronized (this.traces) {
			this.traces.clear();
		}
	}

}
