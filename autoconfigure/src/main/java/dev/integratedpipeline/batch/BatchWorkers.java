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

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * Where the items of one batch run: the items started and not yet taken wait in a queue
 * that the batch request's own thread works whenever it has nothing else to do, and that
 * helpers on the application task executor work too once items have waited, each taking
 * one item after the other, at most {@code parallelism} helpers at once.
 * <p>
 * No helper comes at once. The batch's thread takes item after item itself, as
 * {@link ChildRequestExecutor#executeAll} does, and a helper is asked for only when the
 * batch finds that items have waited for a while ({@link #spreadIfWaiting()}): the item
 * being run is then taking longer than waking a thread costs, as when it waits for I/O.
 * Waking a parked pool thread costs tens of microseconds of CPU on a small virtual
 * machine, more than a short item takes, and the measured batch of 20 short items was
 * faster on its own thread than spread over helpers on two cores; items that wait still
 * get a thread each, a millisecond apart.
 *
 * @author Integrated Pipeline team
 * @see BatchExecution
 */
final class BatchWorkers implements Executor {

	private final Executor taskExecutor;

	private final int maxHelpers;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger helpers = new AtomicInteger();

	BatchWorkers(Executor taskExecutor, int maxHelpers) {
		this.taskExecutor = taskExecutor;
		this.maxHelpers = maxHelpers;
	}

	/**
	 * Queue an item's task, for the batch's thread or a helper to take.
	 */
	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
	}

	/**
	 * Take the task that waited longest, to run it on the calling thread.
	 * @return the task, or {@code null} when none waits
	 */
	@Nullable Runnable poll() {
		return this.tasks.poll();
	}

	/**
	 * Whether items wait for a thread.
	 * @return whether any item is queued and not yet taken
	 */
	boolean hasWaiting() {
		return !this.tasks.isEmpty();
	}

	/**
	 * Hand the task executor one more helper, up to {@code parallelism} of them, if items
	 * still wait; refused, the threads already at work take them.
	 */
	void spreadIfWaiting() {
		if (!claimHelper()) {
			return;
		}
		try {
			this.taskExecutor.execute(this::help);
		}
		catch (RejectedExecutionException ex) {
			this.helpers.decrementAndGet();
		}
	}

	/**
	 * Run a task on the task executor, not on the calling thread.
	 * @param task the task
	 * @return whether the task executor took it
	 */
	boolean runElsewhere(Runnable task) {
		try {
			this.taskExecutor.execute(task);
			return true;
		}
		catch (RejectedExecutionException ex) {
			return false;
		}
	}

	private boolean claimHelper() {
		for (int count = this.helpers.get(); count < this.maxHelpers
				&& !this.tasks.isEmpty(); count = this.helpers.get()) {
			if (this.helpers.compareAndSet(count, count + 1)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Take items until none waits; an item queued while this helper was leaving finds it
	 * again, rather than a thread to wake.
	 */
	private void help() {
		do {
			try {
				for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
					task.run();
				}
			}
			finally {
				this.helpers.decrementAndGet();
			}
		}
		while (claimHelper());
	}

}
