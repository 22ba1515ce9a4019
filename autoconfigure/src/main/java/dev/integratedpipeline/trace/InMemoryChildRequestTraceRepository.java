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
 * bounded twice: by how many traces it holds ({@code capacity}) and by how many nodes
 * they hold between them ({@code maxNodes}), so that a few requests with thousands of
 * children each cannot fill the heap. Beyond either bound the oldest traces are evicted
 * first; a single trace larger than {@code maxNodes} on its own is kept cut down to
 * {@code maxNodes} nodes (the first spawned, depth first), the children left out counted
 * in their parent's {@link ChildRequestTrace#droppedChildren()}.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class InMemoryChildRequestTraceRepository implements ChildRequestTraceRepository {

	/**
	 * How many nodes the traces held may have between them, unless told otherwise.
	 */
	public static final int DEFAULT_MAX_NODES = 10000;

	private final int capacity;

	private final int maxNodes;

	// Guarded by traces
	private final Deque<ChildRequestTrace> traces = new ArrayDeque<>();

	// Guarded by traces: the size of each trace held, in the order of traces
	private final Deque<Integer> sizes = new ArrayDeque<>();

	// Guarded by traces
	private int nodes;

	/**
	 * Create a repository that keeps 100 traces of {@value #DEFAULT_MAX_NODES} nodes
	 * between them.
	 */
	public InMemoryChildRequestTraceRepository() {
		this(100);
	}

	/**
	 * Create a repository that keeps traces of {@value #DEFAULT_MAX_NODES} nodes between
	 * them.
	 * @param capacity how many traces to keep
	 */
	public InMemoryChildRequestTraceRepository(int capacity) {
		this(capacity, DEFAULT_MAX_NODES);
	}

	/**
	 * Create a repository.
	 * @param capacity how many traces to keep
	 * @param maxNodes how many nodes the traces kept may have between them, roots and
	 * children of any depth
	 */
	public InMemoryChildRequestTraceRepository(int capacity, int maxNodes) {
		Assert.isTrue(capacity > 0, "'capacity' must be positive");
		Assert.isTrue(maxNodes > 0, "'maxNodes' must be positive");
		this.capacity = capacity;
		this.maxNodes = maxNodes;
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
	public int nodeCount() {
		synchronized (this.traces) {
			return this.nodes;
		}
	}

	@Override
	public void add(ChildRequestTrace trace) {
		Assert.notNull(trace, "'trace' must not be null");
		// Counted and cut down before the lock: a trace is immutable
		int size = trace.nodeCount();
		if (size > this.maxNodes) {
			trace = cut(trace, new int[] { this.maxNodes });
			size = this.maxNodes;
		}
		synchronized (this.traces) {
			while (!this.traces.isEmpty()
					&& (this.traces.size() >= this.capacity || this.nodes + size > this.maxNodes)) {
				this.traces.removeLast();
				this.nodes -= this.sizes.removeLast();
			}
			this.traces.addFirst(trace);
			this.sizes.addFirst(size);
			this.nodes += size;
		}
	}

	/**
	 * Cut a trace down to the nodes left in the budget: this node, then its children in
	 * the order they were spawned, each with its own descendants, while the budget lasts.
	 */
	private static ChildRequestTrace cut(ChildRequestTrace node, int[] budget) {
		budget[0]--;
		List<ChildRequestTrace> children = new ArrayList<>();
		int dropped = node.droppedChildren();
		for (ChildRequestTrace child : node.children()) {
			if (budget[0] > 0) {
				children.add(cut(child, budget));
			}
			else {
				dropped++;
			}
		}
		if (dropped == node.droppedChildren()) {
			return node;
		}
		return node.withChildren(children, dropped);
	}

	@Override
	public void clear() {
		synchronized (this.traces) {
			this.traces.clear();
			this.sizes.clear();
			this.nodes = 0;
		}
	}

}
