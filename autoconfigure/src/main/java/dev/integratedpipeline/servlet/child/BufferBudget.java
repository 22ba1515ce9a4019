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

package dev.integratedpipeline.servlet.child;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many bytes the content buffers of all child requests in flight may hold between
 * them ({@code integrated-pipeline.child.max-total-buffered-bytes}): each buffer reserves
 * what it allocates before allocating it, and gives it back when its child completed (the
 * content then belongs to the captured response) or failed.
 *
 * @author Integrated Pipeline team
 */
final class BufferBudget {

	/**
	 * No bound across children: each child only has its own.
	 */
	static final BufferBudget UNLIMITED = new BufferBudget(Long.MAX_VALUE);

	private final long limit;

	private final AtomicLong reserved = new AtomicLong();

	BufferBudget(long limit) {
		this.limit = limit;
	}

	long limit() {
		return this.limit;
	}

	/**
	 * Reserve bytes if they fit.
	 * @param bytes how many
	 * @return whether they were reserved
	 */
	boolean tryReserve(long bytes) {
		if (this.limit == Long.MAX_VALUE) {
			return true;
		}
		long current;
		do {
			current = this.reserved.get();
			if (current + bytes > this.limit) {
				return false;
			}
		}
		while (!this.reserved.compareAndSet(current, current + bytes));
		return true;
	}

	void release(long bytes) {
		if (this.limit != Long.MAX_VALUE && bytes > 0) {
			this.reserved.addAndGet(-bytes);
		}
	}

	/**
	 * Return how many bytes are reserved now.
	 * @return the bytes
	 */
	long reserved() {
		return this.reserved.get();
	}

}
