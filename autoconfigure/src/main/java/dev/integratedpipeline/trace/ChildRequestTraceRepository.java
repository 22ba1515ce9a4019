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

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Stores {@link ChildRequestTrace child-request traces}. Implementations must be
 * thread-safe: traces are added from request threads concurrently.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 * @see InMemoryChildRequestTraceRepository
 */
public interface ChildRequestTraceRepository {

	/**
	 * Return the recorded traces, newest first.
	 * @return the traces
	 */
	List<ChildRequestTrace> findAll();

	/**
	 * Return the trace, or the node of a trace, with the given id.
	 * @param id the id
	 * @return the trace or {@code null} when unknown
	 */
	@Nullable ChildRequestTrace findById(String id);

	/**
	 * Return how many nodes the recorded traces hold between them: roots and children of
	 * any depth. The default implementation counts the nodes of {@link #findAll()}.
	 * @return the number of nodes
	 * @since 0.1.0
	 */
	default int nodeCount() {
		return findAll().stream().mapToInt(ChildRequestTrace::nodeCount).sum();
	}

	/**
	 * Record a trace. Called when its root request ended.
	 * @param trace the trace
	 */
	void add(ChildRequestTrace trace);

	/**
	 * Forget every trace.
	 */
	void clear();

}
