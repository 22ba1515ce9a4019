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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestException.Reason;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * Runs the items of one batch as child requests of the batch request and writes their
 * responses, in request order, with a {@link BatchResponseWriter}.
 * <p>
 * Runs on the batch request's thread, which issues every item
 * ({@link ChildRequestExecutor#executeAsync}), so that each is a child of the batch
 * request, at depth 1. An item may start when it lies within the window of
 * {@code parallelism} items that begins at the first item not yet written, and all the
 * items it depends on completed: so no more than {@code parallelism} item responses are
 * ever held, whatever the number of items (past the deadline, the short 504 problems of
 * the items left too), and the first unwritten item always has room to run (no deadlock
 * behind later items). Items that cannot run answer without running: 424 for a failed
 * dependency or after a failure with {@code continue-on-error=false}, 504 past the
 * batch's deadline.
 * <p>
 * With {@link BatchWorkers}, the batch's thread runs the item it waits for (the first not
 * written) itself when no helper took it, and parks otherwise. An item it runs joins what
 * is bound to that thread, as {@link ChildRequestExecutor#execute} does (never the
 * security context, which the child engine clears). While it runs one, a watch on the
 * batch's ticker looks in every {@link #SPREAD_NANOS} as long as a helper could take an
 * item that waits, and otherwise at the deadline only: it asks for a helper for the items
 * that wait once the same item ran for a whole tick, and, past the batch's deadline,
 * takes the batch over on a thread of its own, answers 504 for every item not complete
 * and ends the response, so that an item that blocks the batch's thread does not hold the
 * client beyond the batch's timeout (the modules then see the batch response sent from
 * that thread). The state the two share is guarded by one lock, which the batch's thread
 * holds except while it runs an item or parks.
 *
 * @author Integrated Pipeline team
 */
final class BatchExecution {

	private static final Log logger = LogFactory.getLog(BatchExecution.class);

	private static final ChildResponse[] NO_RESPONSES = new ChildResponse[0];

	/**
	 * How long the batch's thread may run one item while others wait before a helper is
	 * asked for: far longer than a short item takes, far shorter than an item waiting for
	 * I/O. The period of the watch, too.
	 */
	static final long SPREAD_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

	private final List<BatchItem> items;

	private final ChildRequestExecutor executor;

	/** Where items run; {@code null} for the application task executor. */
	private final @Nullable BatchWorkers workers;

	/** Where the watch runs while the batch's thread runs an item; with workers only. */
	private final @Nullable ScheduledExecutorService ticker;

	/**
	 * Guards what the batch's thread and the watch share: held by the batch's thread
	 * except while it runs an item or parks.
	 */
	private final ReentrantLock lock = new ReentrantLock();

	private @Nullable ScheduledFuture<?> watch;

	/**
	 * Whether {@link #watch} looks in every {@link #SPREAD_NANOS}, not at the deadline
	 * only; guarded by the lock.
	 */
	private boolean watchEveryTick;

	/** Whether the batch's thread is running an item; guarded by the lock. */
	private boolean runningHere;

	/** How many items the batch's thread started running; guarded by the lock. */
	private int ranHere;

	/** {@link #ranHere} at the watch's last look; used by the watch only. */
	private int ranHereSeen = -1;

	/** Whether the watch started a takeover; used by the watch only. */
	private boolean takeOverAsked;

	/**
	 * Whether the whole response was written; written under the lock, read without it by
	 * a look that could not take it.
	 */
	private volatile boolean finished;

	/**
	 * Whether a look that found the lock held asked for another; see
	 * {@link #lookAgainSoon()}.
	 */
	private final AtomicBoolean lookPending = new AtomicBoolean();

	private final JsonMapper mapper;

	private final BatchResponseWriter writer;

	private final int parallelism;

	private final long deadline;

	private final boolean continueOnError;

	private final Queue<Completion> completions = new ConcurrentLinkedQueue<>();

	/** How many items were started and have not completed. */
	private final AtomicInteger running = new AtomicInteger();

	/** How many completions are queued that the batch's thread did not take yet. */
	private final AtomicInteger unseen = new AtomicInteger();

	/**
	 * How many queued completions wake the batch's thread: half the window, so that the
	 * helpers still have the other half to take while it writes and starts more.
	 */
	private final int wakeAfter;

	/**
	 * Whether each completion wakes the batch's thread: when items wait for others
	 * ({@code dependsOn}) or a failure stops the batch, the next item may start only once
	 * the batch's thread learns of it.
	 */
	private final boolean wakeOnEachCompletion;

	/** The batch request's thread, which waits for completions. */
	private @Nullable Thread waiter;

	/** Completed responses not yet written; at most {@code parallelism} at once. */
	private final @Nullable ChildResponse[] responses;

	/** The status of each completed item, 0 until it completes. */
	private final int[] statuses;

	private final @Nullable CompletableFuture<?>[] started;

	/**
	 * The task each started item left queued in the workers, until a thread takes it or
	 * the item completes; with workers only.
	 */
	private final @Nullable Runnable[] tasks;

	/**
	 * The first item not yet written: the one the batch's thread waits for. Written by
	 * that thread, or by a takeover, under the lock; read by those that complete items.
	 */
	private volatile int next;

	private int firstFailure = -1;

	private boolean timedOut;

	/** The rules of a cross-origin batch, or {@code null}. */
	private @Nullable BatchCors cors;

	BatchExecution(List<BatchItem> items, ChildRequestExecutor executor, @Nullable BatchWorkers workers,
			@Nullable ScheduledExecutorService ticker, BatchResponseWriter writer, JsonMapper mapper, int parallelism,
			Duration timeout, boolean continueOnError) {
		this.writer = writer;
		this.items = items;
		this.executor = executor;
		this.workers = workers;
		this.ticker = (workers != null) ? ticker : null;
		this.mapper = mapper;
		this.parallelism = parallelism;
		this.deadline = System.nanoTime() + timeout.toNanos();
		this.continueOnError = continueOnError;
		this.responses = (items.isEmpty()) ? NO_RESPONSES : new ChildResponse[items.size()];
		this.statuses = new int[items.size()];
		this.started = new CompletableFuture<?>[items.size()];
		this.tasks = new Runnable[items.size()];
		this.wakeAfter = Math.max(1, parallelism / 2);
		this.wakeOnEachCompletion = workers == null || !continueOnError
				|| items.stream().anyMatch((item) -> item.dependsOn().length > 0);
	}

	/**
	 * Apply the browser's CORS rules to a cross-origin batch: the items whose preflight
	 * refused them answer as given without running, and an item whose response does not
	 * allow the origin answers 403 in its place (so its dependents answer 424). Called
	 * before {@link #run()}.
	 * @param cors the rules
	 * @param refused what each item refused by its preflight answers, {@code null} for
	 * the others
	 */
	void applyCors(BatchCors cors, @Nullable ChildResponse[] refused) {
		this.cors = cors;
		for (int index = 0; index < refused.length; index++) {
			ChildResponse response = refused[index];
			if (response != null) {
				complete(index, response);
			}
		}
	}

	/**
	 * Run every item and write the whole response, each item's in order.
	 * @return how the batch went
	 * @throws InterruptedException when the batch request's thread is interrupted; items
	 * still running are cancelled
	 */
	BatchOutcome run() throws InterruptedException {
		this.waiter = Thread.currentThread();
		this.lock.lock();
		try {
			while (!this.finished && this.next < this.items.size()) {
				startReady();
				if (!writeNext()) {
					awaitCompletion();
				}
			}
			if (!this.finished) {
				this.finished = true;
				this.writer.finish();
			}
		}
		finally {
			this.finished = true;
			cancelWatch();
			cancelRunning();
			this.lock.unlock();
		}
		return outcome();
	}

	/**
	 * Write the first item not written, if it completed.
	 * @return whether it was written
	 */
	private boolean writeNext() {
		ChildResponse response = this.responses[this.next];
		if (response == null) {
			return false;
		}
		this.responses[this.next] = null;
		this.writer.write(this.items.get(this.next), response);
		this.next++;
		return true;
	}

	private BatchOutcome outcome() {
		if (this.timedOut) {
			return BatchOutcome.TIMEOUT;
		}
		for (int status : this.statuses) {
			if (!isSuccess(status)) {
				return BatchOutcome.ITEM_ERRORS;
			}
		}
		return BatchOutcome.SUCCESS;
	}

	/**
	 * Start, or answer without running, every item of the window whose dependencies all
	 * completed. One pass is enough: an item depends only on earlier ones, completed
	 * before it in the same pass.
	 */
	private void startReady() {
		int end = Math.min(this.items.size(), this.next + this.parallelism);
		for (int index = this.next; index < end; index++) {
			if (this.statuses[index] != 0 || this.started[index] != null) {
				continue;
			}
			BatchItem item = this.items.get(index);
			int failedDependency = -1;
			boolean ready = true;
			for (int dependency : item.dependsOn()) {
				int status = this.statuses[dependency];
				if (status == 0) {
					ready = false;
				}
				else if (failedDependency < 0 && !isSuccess(status)) {
					failedDependency = dependency;
				}
			}
			if (failedDependency >= 0) {
				BatchItem failed = this.items.get(failedDependency);
				complete(index, problem(HttpStatus.FAILED_DEPENDENCY, "Item '" + item.id() + "' depends on item '"
						+ failed.id() + "', which answered " + this.statuses[failedDependency], failed, null));
			}
			else if (!ready) {
				continue;
			}
			else if (!this.continueOnError && this.firstFailure >= 0) {
				BatchItem failed = this.items.get(this.firstFailure);
				complete(index, problem(HttpStatus.FAILED_DEPENDENCY,
						"Item '" + item.id() + "' did not run: item '" + failed.id() + "' answered "
								+ this.statuses[this.firstFailure] + " and the batch prefers continue-on-error=false",
						failed, null));
			}
			else if (remainingNanos() <= 0) {
				complete(index, timedOut(item));
			}
			else {
				start(index, item);
			}
		}
	}

	private void start(int index, BatchItem item) {
		// The item's own timeout is the batch's (set when it was read): the batch's
		// deadline, which comes first, cancels it
		this.running.incrementAndGet();
		CompletableFuture<ChildResponse> future = (this.workers != null)
				? this.executor.executeAsync(item.request(), this.workers) : this.executor.executeAsync(item.request());
		this.started[index] = future;
		if (this.workers != null) {
			this.tasks[index] = this.workers.lastQueued();
		}
		future.whenComplete((response, failure) -> completed(new Completion(index, response, failure)));
	}

	/**
	 * Hand a completion to the batch's thread, on the thread that completed the item, and
	 * wake it when it has enough to do: once {@link #wakeAfter} completions wait for it
	 * (it then writes them in one go and moves the window for as many items to start),
	 * when the item it waits for (the first not written) completed and no started item
	 * waits for a helper (only moving the window starts another), when no item is left
	 * running, when an item failed, or for every completion in a batch whose items wait
	 * for others. Any other completion waits in the queue: waking the batch's thread for
	 * each costs both threads a wake-up (a system call and a context switch each, tens of
	 * microseconds of CPU on a virtual machine) while the helpers still have items queued
	 * to take.
	 * <p>
	 * No wake-up is lost: the completion is queued and counted before {@link #next} is
	 * read, and the batch's thread moves {@code next} and empties the queue before it
	 * parks, and looks at the queue again just before it parks, after anything that may
	 * have parked it and so taken the wake-up (a lock), so either this thread sees a
	 * reason to wake it or that thread finds the completion queued.
	 */
	private void completed(Completion completion) {
		this.completions.add(completion);
		int waiting = this.unseen.incrementAndGet();
		int left = this.running.decrementAndGet();
		ChildResponse response = completion.response();
		if (waiting >= this.wakeAfter || left == 0 || this.wakeOnEachCompletion || this.workers == null
				|| response == null || !isSuccess(response.status())
				|| (completion.index() == this.next && !this.workers.hasWaiting())) {
			Thread waiter = this.waiter;
			if (waiter != null && waiter != Thread.currentThread()) {
				LockSupport.unpark(waiter);
			}
		}
	}

	/**
	 * Take the next completion; with none, run the item the batch's thread waits for (the
	 * first not written) if no thread took it yet, or else park until a completion or the
	 * batch's deadline; while items wait for a helper, only for {@link #SPREAD_NANOS} at
	 * a time, asking for one more helper each time none completed.
	 */
	private void awaitCompletion() throws InterruptedException {
		Completion completion = poll();
		if (completion == null) {
			long remaining = remainingNanos();
			if (remaining <= 0) {
				timeOut();
				return;
			}
			Runnable task = takeNext();
			if (task != null) {
				runHere(this.next, task);
				return;
			}
			// Waiting, not running: no watch needed until the next item run here
			cancelWatch();
			BatchWorkers workers = this.workers;
			boolean waiting = workers != null && workers.hasWaiting();
			long wait = waiting ? Math.min(remaining, SPREAD_NANOS) : remaining;
			long start = System.nanoTime();
			this.lock.unlock();
			try {
				// Looked at again here, not only before: what this thread did since the
				// poll may have parked it (cancelling the watch takes the ticker's queue
				// lock), and such a park takes the wake-up of a completion queued
				// meanwhile, which would leave it parked until the deadline
				if (this.completions.isEmpty()) {
					LockSupport.parkNanos(this, wait);
				}
			}
			finally {
				this.lock.lock();
			}
			if (Thread.interrupted()) {
				throw new InterruptedException("Interrupted while waiting for the items of a batch");
			}
			completion = poll();
			if (completion == null) {
				if (remainingNanos() <= 0) {
					timeOut();
				}
				else if (workers != null && waiting && System.nanoTime() - start >= wait) {
					workers.spreadIfWaiting();
				}
				return;
			}
		}
		take(completion);
	}

	/**
	 * Take the task of the first item not written from the workers, unless a helper took
	 * it: only that item, so that the batch's thread, while it runs one, holds back no
	 * response that could be written and no item that could start but for its place in
	 * the window (a dependent of another item excepted).
	 */
	private @Nullable Runnable takeNext() {
		Runnable task = this.tasks[this.next];
		if (task == null) {
			return null;
		}
		this.tasks[this.next] = null;
		return (this.workers != null && this.workers.take(task)) ? task : null;
	}

	private void take(Completion completion) {
		int index = completion.index();
		this.started[index] = null;
		this.tasks[index] = null;
		if (this.statuses[index] == 0) {
			complete(index, response(this.items.get(index), completion));
		}
	}

	/**
	 * Run an item on the batch's thread, the lock released meanwhile, with the watch
	 * looking in; its completion is queued as any other's. A failure outside the child's
	 * own handling (a listener's) cancels the item, which then answers 500, rather than
	 * the whole batch. An interrupt flag the item leaves set is the item's and is
	 * cleared, as a pool thread's is before its next task: it would otherwise fail the
	 * next item that waits, or the batch when its thread parks.
	 */
	private void runHere(int index, Runnable task) {
		boolean everyTick = this.workers != null && this.workers.canSpread();
		ScheduledFuture<?> watch = this.watch;
		if (watch == null || watch.isDone() || (everyTick && !this.watchEveryTick)) {
			scheduleWatch(everyTick);
		}
		this.runningHere = true;
		this.ranHere++;
		this.lock.unlock();
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Batch item '" + this.items.get(index).id() + "' failed outside its request", ex);
			CompletableFuture<?> future = this.started[index];
			if (future != null) {
				future.cancel(false);
			}
		}
		finally {
			if (Thread.interrupted()) {
				logger.debug("Batch item '" + this.items.get(index).id() + "' left its thread interrupted; cleared");
			}
			this.lock.lock();
			this.runningHere = false;
		}
	}

	/**
	 * Have the ticker look in every {@link #SPREAD_NANOS}, or at the deadline only: while
	 * the batch's thread runs an item, only it queues items, so once no helper could take
	 * one, as a rule none can until that item returns (a helper the task executor refused
	 * is not asked for again meanwhile; the items it would have taken wait for that item,
	 * and the deadline).
	 */
	private void scheduleWatch(boolean everyTick) {
		cancelWatch();
		if (this.ticker == null) {
			return;
		}
		try {
			this.watch = everyTick
					? this.ticker.scheduleAtFixedRate(this::watch, SPREAD_NANOS, SPREAD_NANOS, TimeUnit.NANOSECONDS)
					: this.ticker.schedule(this::watch, Math.max(0, remainingNanos()), TimeUnit.NANOSECONDS);
			this.watchEveryTick = everyTick;
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: no helper nor takeover, the item runs here all the same
		}
	}

	private void cancelWatch() {
		ScheduledFuture<?> watch = this.watch;
		if (watch != null) {
			watch.cancel(false);
			this.watch = null;
		}
	}

	/**
	 * Look in on a batch whose thread may be running an item, on the ticker: ask for a
	 * helper when the same item ran since the last look and others wait, and look in
	 * again at the deadline only once no helper could take one; past the deadline, take
	 * the batch over on a thread of its own. Never waits for the batch's thread: with the
	 * lock held elsewhere, that thread is not running an item, but may be about to run
	 * one, so the look comes again shortly ({@link #lookAgainSoon()}). Nothing it throws
	 * reaches the ticker, which would silently drop a periodic look.
	 */
	private void watch() {
		if (!this.lock.tryLock()) {
			lookAgainSoon();
			return;
		}
		try {
			if (this.finished) {
				cancelWatch();
				return;
			}
			if (!this.runningHere) {
				return;
			}
			BatchWorkers workers = this.workers;
			if (remainingNanos() <= 0) {
				if (!this.takeOverAsked) {
					cancelWatch();
					takeOver();
				}
				return;
			}
			if (workers != null && this.ranHere == this.ranHereSeen) {
				workers.spreadIfWaiting();
			}
			this.ranHereSeen = this.ranHere;
			if (!this.watchEveryTick || workers == null || !workers.canSpread()) {
				// Nothing for a helper to take until the item returns (or looked in
				// early): the deadline is all that is left to watch
				scheduleWatch(false);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not look in on a batch", ex);
			lookAgainSoon();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Start the takeover on a thread of its own: not the ticker, which every batch
	 * shares, nor the task executor, whose threads may all be inside items that block. A
	 * thread that cannot be started is asked for again at the next look.
	 */
	private void takeOver() {
		this.takeOverAsked = true;
		try {
			Thread takeOver = new Thread(this::answerDeadline, "integrated-pipeline-batch-timeout");
			takeOver.setDaemon(true);
			takeOver.start();
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			logger.warn("Could not start the thread that answers a batch's timeout", ex);
			this.takeOverAsked = false;
			lookAgainSoon();
		}
	}

	/**
	 * Look in again in {@link #SPREAD_NANOS}, once: a look that found the lock held (the
	 * batch's thread between two items) must not be the last, or a look due at the
	 * deadline would be spent on that moment and the item run next go unwatched. At most
	 * one such look waits at a time, and none once the batch finished.
	 */
	private void lookAgainSoon() {
		if (this.finished || this.ticker == null || !this.lookPending.compareAndSet(false, true)) {
			return;
		}
		try {
			this.ticker.schedule(() -> {
				this.lookPending.set(false);
				watch();
			}, SPREAD_NANOS, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Shutting down: the item runs here all the same
			this.lookPending.set(false);
		}
	}

	/**
	 * The batch's deadline passed while its thread runs an item: write what completed,
	 * 504 for the rest, and end the response, so that the client has its answer though
	 * the batch's thread is still inside that item (cancelled, its result discarded).
	 */
	private void answerDeadline() {
		this.lock.lock();
		try {
			if (this.finished || !this.runningHere) {
				// The item returned meanwhile: the batch's thread answers the deadline
				// before it runs another
				return;
			}
			this.finished = true;
			for (Completion completion = poll(); completion != null; completion = poll()) {
				take(completion);
			}
			timeOut();
			// Every item has its response now: timeOut() answered those not complete
			while (this.next < this.items.size() && writeNext()) {
				// Written in order
			}
			this.writer.finish();
			this.writer.end();
		}
		catch (RuntimeException ex) {
			// The client went away: nobody is left to tell
			logger.debug("Could not answer the batch's timeout", ex);
		}
		finally {
			this.lock.unlock();
		}
	}

	private @Nullable Completion poll() {
		Completion completion = this.completions.poll();
		if (completion != null) {
			this.unseen.decrementAndGet();
		}
		return completion;
	}

	/**
	 * The batch's deadline passed: every item not complete answers 504, those running are
	 * cancelled.
	 */
	private void timeOut() {
		this.timedOut = true;
		for (int index = this.next; index < this.items.size(); index++) {
			if (this.statuses[index] == 0) {
				CompletableFuture<?> future = this.started[index];
				if (future != null) {
					future.cancel(false);
					this.started[index] = null;
				}
				this.tasks[index] = null;
				complete(index, timedOut(this.items.get(index)));
			}
		}
	}

	private void complete(int index, ChildResponse response) {
		this.statuses[index] = response.status();
		this.responses[index] = response;
		if (response.status() >= 400 && this.firstFailure < 0) {
			this.firstFailure = index;
		}
	}

	private ChildResponse response(BatchItem item, Completion completion) {
		ChildResponse response = completion.response();
		if (response != null) {
			BatchCors cors = this.cors;
			return (cors != null && !cors.allows(response)) ? cors.blocked(item, true) : response;
		}
		Throwable failure = completion.failure();
		if (failure instanceof CompletionException && failure.getCause() != null) {
			failure = failure.getCause();
		}
		Reason reason = (failure instanceof ChildRequestException childFailure) ? childFailure.reason() : Reason.FAILED;
		if (reason == Reason.TIMEOUT) {
			this.timedOut |= remainingNanos() <= 0;
			return problem(HttpStatus.GATEWAY_TIMEOUT,
					"Item '" + item.id() + "' did not complete in time: " + message(failure), null, reason);
		}
		return problem(HttpStatus.INTERNAL_SERVER_ERROR,
				"Item '" + item.id() + "' could not be completed: " + message(failure), null, reason);
	}

	private ChildResponse timedOut(BatchItem item) {
		return problem(HttpStatus.GATEWAY_TIMEOUT,
				"Item '" + item.id()
						+ "' did not complete within the batch's timeout (integrated-pipeline.batch.timeout)",
				null, Reason.TIMEOUT);
	}

	private static String message(@Nullable Throwable failure) {
		return (failure != null && failure.getMessage() != null) ? failure.getMessage() : String.valueOf(failure);
	}

	private ChildResponse problem(HttpStatus status, String detail, @Nullable BatchItem dependency,
			@Nullable Reason reason) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		if (dependency != null) {
			problem.setProperty("dependency", dependency.id());
		}
		if (reason != null) {
			problem.setProperty("reason", reason.name());
		}
		return Problems.toResponse(problem, this.mapper);
	}

	private static boolean isSuccess(int status) {
		return status >= 200 && status < 300;
	}

	private long remainingNanos() {
		return this.deadline - System.nanoTime();
	}

	private void cancelRunning() {
		for (int index = 0; index < this.started.length; index++) {
			CompletableFuture<?> future = this.started[index];
			if (future != null) {
				future.cancel(false);
			}
		}
	}

	private record Completion(int index, @Nullable ChildResponse response, @Nullable Throwable failure) {
	}

}
