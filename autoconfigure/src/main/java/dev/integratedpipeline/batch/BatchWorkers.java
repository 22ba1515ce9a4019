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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequestExecutor;

/**
 * Where the items of one batch run: the items started and not yet taken wait in a queue
 * that helpers on the application task executor work, each taking one item after the
 * other, at most {@code parallelism} helpers at once; the batch request's own thread
 * takes from it the item it waits for, the first not yet written, when no helper took it.
 * <p>
 * No helper comes at once. The batch's thread runs the item it waits for itself, as
 * {@link ChildRequestExecutor#executeAll}'s caller runs children, and a helper is asked
 * for only when the batch finds that items have waited for a while
 * ({@link #spreadIfWaiting()}): the item being run is then taking longer than waking a
 * thread costs, as when it waits for I/O. Waking a parked pool thread costs tens of
 * microseconds of CPU on a small virtual machine, more than a short item takes, and the
 * measured batch of 20 short items was faster on its own thread than spread over helpers
 * on two cores; items that wait still get a thread each, one a millisecond.
 * <p>
 * Helpers of every batch draw on one {@link Budget}
 * ({@code integrated-pipeline.batch.max-helpers}): a client sending batches of items that
 * block can hold that many threads of the task executor at most, whatever the number of
 * its batches, and leaves the rest to the application's own work ({@code @Async} methods,
 * Spring MVC's asynchronous handlers) and to other clients. With the budget spent, a
 * batch's items run one after the other on its own thread, as requests from the network
 * would.
 *
 * @author Integrated Pipeline team
 * @see BatchExecution
 */
final class BatchWorkers implements Executor {

	private static final Log logger = LogFactory.getLog(BatchWorkers.class);

	private final Executor taskExecutor;

	private final int maxHelpers;

	private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();

	private final AtomicInteger helpers = new AtomicInteger();

	private final Budget budget;

	/** The task queued last, by the batch's thread; read by that thread only. */
	private @Nullable Runnable lastQueued;

	/** Where helpers are asked for from the task executor. */
	private final Executor spreader;

	/** Whether the spreader has an ask of this batch's queued. */
	private final AtomicBoolean spreadAsked = new AtomicBoolean();

	/**
	 * Create the workers of one batch.
	 * @param taskExecutor where helpers run
	 * @param spreader where helpers are handed to the task executor: not the batch's
	 * thread nor the ticker, which must not wait for a task executor that blocks while it
	 * is full (a {@code SimpleAsyncTaskExecutor} with a concurrency limit)
	 * @param maxHelpers how many helpers this batch may have at once
	 * @param budget the helpers all batches may have at once
	 */
	BatchWorkers(Executor taskExecutor, Executor spreader, int maxHelpers, Budget budget) {
		this.taskExecutor = taskExecutor;
		this.spreader = spreader;
		this.maxHelpers = maxHelpers;
		this.budget = budget;
	}

	/**
	 * Queue an item's task, for the batch's thread or a helper to take. Called by the
	 * batch's thread only, as it starts the item.
	 */
	@Override
	public void execute(Runnable task) {
		this.lastQueued = task;
		this.tasks.add(task);
	}

	/**
	 * Return the task queued last, and forget it: the batch's thread asks as it started
	 * an item, to know that item's task.
	 * @return the task, or {@code null} when none was queued since (the item could not
	 * run)
	 */
	@Nullable Runnable lastQueued() {
		Runnable task = this.lastQueued;
		this.lastQueued = null;
		return task;
	}

	/**
	 * Take a task from the queue, to run it on the calling thread.
	 * @param task the task
	 * @return whether it was still queued (no helper took it)
	 */
	boolean take(Runnable task) {
		return this.tasks.remove(task);
	}

	/**
	 * Whether items wait for a thread.
	 * @return whether any item is queued and not yet taken
	 */
	boolean hasWaiting() {
		return !this.tasks.isEmpty();
	}

	/**
	 * Whether {@link #spreadIfWaiting()} would hand the task executor a helper now.
	 * @return whether items wait, fewer than {@code parallelism} helpers are at work and
	 * the budget of all batches is not spent
	 */
	boolean canSpread() {
		return this.helpers.get() < this.maxHelpers && !this.tasks.isEmpty() && this.budget.hasRoom();
	}

	/**
	 * Have the spreader hand the task executor one more helper, up to {@code parallelism}
	 * of them and within the budget of all batches, if items still wait; refused, the
	 * threads already at work take them. Returns at once: one ask of the batch waits in
	 * the spreader at most, so that a task executor that blocks holds up neither the
	 * batch's thread nor the ticker every batch shares (which would miss the deadlines it
	 * watches).
	 */
	void spreadIfWaiting() {
		if (!canSpread() || !this.spreadAsked.compareAndSet(false, true)) {
			return;
		}
		try {
			this.spreader.execute(() -> {
				this.spreadAsked.set(false);
				spread();
			});
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the threads already at work take the items
			this.spreadAsked.set(false);
		}
	}

	private void spread() {
		if (!claimHelper()) {
			return;
		}
		try {
			this.taskExecutor.execute(this::help);
		}
		catch (RuntimeException ex) {
			// Refused (or failed): the claim is given back, for a later look to try again
			releaseHelper();
			if (!(ex instanceof RejectedExecutionException)) {
				logger.warn("The task executor failed to take a batch helper", ex);
			}
		}
	}

	private boolean claimHelper() {
		for (int count = this.helpers.get(); count < this.maxHelpers
				&& !this.tasks.isEmpty(); count = this.helpers.get()) {
			if (this.helpers.compareAndSet(count, count + 1)) {
				if (this.budget.tryClaim()) {
					return true;
				}
				this.helpers.decrementAndGet();
				return false;
			}
		}
		return false;
	}

	private void releaseHelper() {
		this.helpers.decrementAndGet();
		this.budget.release();
	}

	/**
	 * Take items until none waits; an item queued while this helper was leaving finds it
	 * again, rather than a thread to wake. A task that throws is logged and the helper
	 * goes on with the next: the child engine completes an item's result itself, and the
	 * batch's deadline answers one it could not. An interrupt flag a task leaves set is
	 * cleared before the next, as the pool clears it between its own tasks: it would
	 * otherwise fail the next item that waits.
	 */
	private void help() {
		do {
			try {
				for (Runnable task = this.tasks.poll(); task != null; task = this.tasks.poll()) {
					run(task);
				}
			}
			finally {
				releaseHelper();
			}
		}
		while (claimHelper());
	}

	private static void run(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("A batch item failed outside its request", ex);
		}
		finally {
			if (Thread.interrupted()) {
				logger.debug("A batch item left its helper's thread interrupted; cleared");
			}
		}
	}

	/**
	 * How many helpers all the batches of one endpoint may have at once.
	 */
	static final class Budget {

		private final int max;

		private final AtomicInteger claimed = new AtomicInteger();

		/**
		 * Create a budget.
		 * @param max how many helpers may be at work at once
		 */
		Budget(int max) {
			this.max = max;
		}

		boolean tryClaim() {
			for (int count = this.claimed.get(); count < this.max; count = this.claimed.get()) {
				if (this.claimed.compareAndSet(count, count + 1)) {
					return true;
				}
			}
			return false;
		}

		void release() {
			this.claimed.decrementAndGet();
		}

		boolean hasRoom() {
			return this.claimed.get() < this.max;
		}

	}

}
