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

package dev.integratedpipeline.actuate;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.util.Assert;

import dev.integratedpipeline.trace.ChildRequestTrace;
import dev.integratedpipeline.trace.ChildRequestTraceRepository;

/**
 * {@link Endpoint @Endpoint} to expose child-request traces: which child requests each
 * request spawned, in what order, how long each took, what each module answered and what
 * came back.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@Endpoint(id = "childrequests")
public class ChildRequestsEndpoint {

	private final ChildRequestTraceRepository repository;

	/**
	 * Create an endpoint over a repository.
	 * @param repository the traces
	 */
	public ChildRequestsEndpoint(ChildRequestTraceRepository repository) {
		Assert.notNull(repository, "'repository' must not be null");
		this.repository = repository;
	}

	/**
	 * Return the recent traces, newest first, and how many nodes the repository holds.
	 * @return the traces
	 */
	@ReadOperation
	public ChildRequestTracesDescriptor traces() {
		List<ChildRequestTrace> traces = this.repository.findAll();
		return new ChildRequestTracesDescriptor(traces, traces.stream().mapToInt(ChildRequestTrace::nodeCount).sum());
	}

	/**
	 * Return one trace, or one node of a trace.
	 * @param id the id
	 * @return the trace, or {@code null} (a 404) when unknown
	 */
	@ReadOperation
	public @Nullable ChildRequestTraceDescriptor trace(@Selector String id) {
		ChildRequestTrace trace = this.repository.findById(id);
		return (trace != null) ? new ChildRequestTraceDescriptor(trace) : null;
	}

	/**
	 * Forget every trace.
	 */
	@DeleteOperation
	public void clear() {
		this.repository.clear();
	}

	/**
	 * The recent traces.
	 *
	 * @param traces the traces, newest first
	 * @param nodes how many nodes the traces hold between them, roots and children of any
	 * depth: what {@code integrated-pipeline.trace.max-nodes} bounds
	 */
	public record ChildRequestTracesDescriptor(List<ChildRequestTrace> traces,
			int nodes) implements OperationResponseBody {

	}

	/**
	 * One trace.
	 *
	 * @param trace the trace
	 */
	public record ChildRequestTraceDescriptor(ChildRequestTrace trace) implements OperationResponseBody {

	}

}
