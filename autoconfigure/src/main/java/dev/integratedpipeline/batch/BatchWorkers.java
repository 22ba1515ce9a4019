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

/**
 * Where the items of one batch run: the items started and not yet taken wait in a queue
 * that helpers on the application task executor work, each taking one item after the
 * other, at most {@code parallelism} helpers at once.
 * <p>
 * Helpers come in two ways. Up to as many as the machine has cores come at once: a helper
 * is handed to the task executor when an item is queued and fewer work, and each helper,
 * as it takes an item, hands it the next while items wait. More, up to
 * {@code parallelism}, come only when the batch's thread finds that items have waited for
 * a while ({@link #spreadIfWaiting()}): the helpers at work are then busy for longer than
 * items take to run on them, as when items wait for I/O. Waking a parked pool thread
 * costs tens of microseconds on a small machine, and more threads than cores only take
 * turns, so a batch of short items runs on a few threads that take item after item, while
 * items that wait still get a thread each, within a few milliseconds. The batch request's
 * own thread never runs an item: it stays free to write responses and to answer 504 at
 * the batch's deadline, which it could not do from inside an item that blocks.
 *
 * @author Integrated Pipeline team
 */
final class BatchWorkers implements Executor {

	/**
	 * How many helpers come at once: one per core, at most.
	 */
	private static final int EAGER_HELPERS = Runtime.getRuntime().availableProcessors();

	private final Executor taskExecutor;

	private final int maxHelpers;

	private final int eagerHelpers;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger helpers = new AtomicInteger();

	BatchWorkers(Executor taskExecutor, int maxHelpers) {
		this(taskExecutor, maxHelpers, EAGER_HELPERS);
	}

	BatchWorkers(Executor taskExecutor, int maxHelpers, int eagerHelpers) {
		this.taskExecutor = taskExecutor;
		this.maxHelpers = maxHelpers;
		this.eagerHelpers = Math.max(1, Math.min(eagerHelpers, maxHelpers));
	}

	/**
	 * Queue an item's task, and hand the task executor a helper if fewer than the eager
	 * ones work.
	 * @throws RejectedExecutionException when the task executor refuses a helper and no
	 * other helper is left to take the task
	 */
	@Override
	public void execute(Runnable task) {
		this.tasks.add(task);
		if (!claimHelper(this.eagerHelpers)) {
			return;
		}
		try {
			this.taskExecutor.execute(this::help);
		}
		catch (RejectedExecutionException ex) {
			this.helpers.decrementAndGet();
			if (this.helpers.get() == 0 && this.tasks.remove(task)) {
				throw ex;
			}
		}
	}

	/**
	 * Whether items wait for a helper.
	 * @return whether any item is queued and not yet taken
	 */
	boolean hasWaiting() {
		return !this.tasks.isEmpty();
	}

	/**
	 * Hand the task executor one more helper, up to {@code parallelism} of them, if items
	 * still wait: called by the batch's thread when items waited for a while.
	 */
	void spreadIfWaiting() {
		spread(this.maxHelpers);
	}

	/**
	 * Hand the task executor another helper while items wait; refused, the helpers
	 * already at work take them.
	 */
	private void spread(int limit) {
		if (!claimHelper(limit)) {
			return;
		}
		try {
			this.taskExecutor.execute(this::help);
		}
		catch (RejectedExecutionException ex) {
			this.helpers.decrementAndGet();
		}
	}

	private boolean claimHelper(int limit) {
		for (int count = this.helpers.get(); count < limit && !this.tasks.isEmpty(); count = this.helpers.get()) {
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
					spread(this.eagerHelpers);
					task.run();
				}
			}
			finally {
				this.helpers.decrementAndGet();
			}
		}
		while (claimHelper(this.maxHelpers));
	}

}
