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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Delayed;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpServletResponse;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link BatchExecution} against an executor whose items run what each test tells them,
 * to set up interleavings that real HTTP reaches only by chance.
 */
class BatchExecutionTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The batch's thread runs item a itself, which has item b taken by a helper; as that
	 * thread then cancels its watch before parking, b completes, and the wake-up of that
	 * completion is taken by a park inside the cancel (as a contended lock of the
	 * ticker's queue takes it). Item c depends on b, so nothing else wakes the batch's
	 * thread: it must find b's completion before it parks, not at the batch's deadline,
	 * when c could no longer start.
	 */
	@Test
	void whenTheWakeUpOfACompletionIsTakenBeforeTheBatchThreadParksThenTheBatchStillCompletes() throws Exception {
		CountDownLatch bTaken = new CountDownLatch(1);
		CountDownLatch bMayComplete = new CountDownLatch(1);
		CountDownLatch bCompleted = new CountDownLatch(1);
		BatchWorkers workers = new BatchWorkers((task) -> new Thread(task, "helper").start(), Runnable::run, 2,
				new BatchWorkers.Budget(2));
		Map<String, Runnable> work = new ConcurrentHashMap<>();
		work.put("/a", () -> {
			workers.spreadIfWaiting();
			await(bTaken);
		});
		work.put("/b", () -> {
			bTaken.countDown();
			await(bMayComplete);
		});
		work.put("/c", () -> {
		});
		ChildRequestExecutor executor = new ScriptedExecutor(work, bCompleted);
		ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1) {

			@Override
			public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
					TimeUnit unit) {
				ScheduledFuture<?> watch = super.scheduleAtFixedRate(command, initialDelay, period, unit);
				return new CancelHook<>(watch, () -> {
					bMayComplete.countDown();
					// Parks until b's completion was delivered, and so takes its wake-up
					await(bCompleted);
				});
			}

		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			List<BatchItem> items = List.of(item(0, "a"), item(1, "b"), item(2, "c", 1));
			BatchOutcome outcome = new BatchExecution(items, executor, workers, ticker,
					new BatchResponseWriter(response, json), json, 2, Duration.ofSeconds(30), true)
				.run();
			assertThat(outcome).isEqualTo(BatchOutcome.SUCCESS);
		}
		finally {
			ticker.shutdownNow();
		}
		JsonNode answered = json.readTree(response.getContentAsString(StandardCharsets.UTF_8)).get("responses");
		assertThat(answered.valueStream().map((entry) -> entry.get("id").asString() + " " + entry.get("status")))
			.containsExactly("a 200", "b 200", "c 200");
	}

	@Test
	void whenAnItemRunsOnTheBatchThreadWithNoneWaitingThenTheWatchLooksInAtTheDeadlineOnly() throws Exception {
		BatchWorkers workers = new BatchWorkers((task) -> new Thread(task, "helper").start(), Runnable::run, 2,
				new BatchWorkers.Budget(2));
		ChildRequestExecutor executor = new ScriptedExecutor(Map.of("/a", () -> sleep(300)), new CountDownLatch(1));
		AtomicInteger looks = new AtomicInteger();
		ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1) {

			@Override
			public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period,
					TimeUnit unit) {
				return super.scheduleAtFixedRate(counted(command), initialDelay, period, unit);
			}

			@Override
			public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
				return super.schedule(counted(command), delay, unit);
			}

			private Runnable counted(Runnable command) {
				return () -> {
					looks.incrementAndGet();
					command.run();
				};
			}

		};
		MockHttpServletResponse response = new MockHttpServletResponse();
		try {
			BatchOutcome outcome = new BatchExecution(List.of(item(0, "a")), executor, workers, ticker,
					new BatchResponseWriter(response, json), json, 2, Duration.ofSeconds(30), true)
				.run();
			assertThat(outcome).isEqualTo(BatchOutcome.SUCCESS);
		}
		finally {
			ticker.shutdownNow();
		}
		// Every millisecond, it would have looked in some 300 times
		assertThat(looks).hasValueLessThan(3);
	}

	/**
	 * The look due at the deadline comes while the batch's thread holds the lock, just
	 * before it runs an item that blocks past the deadline: that look must not be the
	 * last, or nothing answers the deadline until the item returns.
	 */
	@Test
	void whenTheDeadlineLookFindsTheLockHeldThenItLooksAgainAndTheBlockedBatchIsAnsweredAtItsDeadline()
			throws Exception {
		BatchWorkers workers = new BatchWorkers((task) -> new Thread(task, "helper").start(), Runnable::run, 2,
				new BatchWorkers.Budget(2));
		MockHttpServletResponse response = new MockHttpServletResponse();
		AtomicInteger answeredWhileBlocked = new AtomicInteger();
		ChildRequestExecutor executor = new ScriptedExecutor(Map.of("/a", () -> {
			// Blocks until the batch was answered, for 5 s at most
			for (int i = 0; i < 500 && answeredWhileBlocked.get() == 0; i++) {
				if (contentOf(response).contains("\"status\":504")) {
					answeredWhileBlocked.set(1);
				}
				sleep(10);
			}
		}), new CountDownLatch(1));
		AtomicInteger scheduled = new AtomicInteger();
		ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1) {

			@Override
			public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
				if (scheduled.getAndIncrement() > 0) {
					return super.schedule(command, delay, unit);
				}
				// The first look, asked for by the batch's thread with the lock held:
				// the deadline passes, and the look runs (and finds the lock held)
				// before that thread runs the item
				sleep(unit.toMillis(delay) + 20);
				Thread look = new Thread(command);
				look.start();
				join(look);
				return super.schedule(() -> {
				}, 0, TimeUnit.NANOSECONDS);
			}

		};
		try {
			new BatchExecution(List.of(item(0, "a")), executor, workers, ticker,
					new BatchResponseWriter(response, json), json, 2, Duration.ofMillis(100), true)
				.run();
		}
		finally {
			ticker.shutdownNow();
		}
		assertThat(answeredWhileBlocked).hasValue(1);
	}

	private static String contentOf(MockHttpServletResponse response) {
		return new String(response.getContentAsByteArray(), StandardCharsets.UTF_8);
	}

	private static void join(Thread thread) {
		try {
			thread.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static BatchItem item(int index, String id, int... dependsOn) {
		return new BatchItem(index, id, ChildRequest.get("/" + id).build(), dependsOn);
	}

	private static void await(CountDownLatch latch) {
		try {
			assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Queues each item on the executor it is given, as the servlet executor does; the
	 * item runs the work scripted for its path, then answers 200. Counts {@code /b}'s
	 * latch down once its completion was delivered.
	 */
	private record ScriptedExecutor(Map<String, Runnable> work,
			CountDownLatch bCompleted) implements ChildRequestExecutor {

		@Override
		public CompletableFuture<ChildResponse> executeAsync(ChildRequest request, Executor executor) {
			CompletableFuture<ChildResponse> future = new CompletableFuture<>();
			executor.execute(() -> {
				this.work.get(request.path()).run();
				future.complete(new ChildResponse(200, new HttpHeaders(), new byte[0], null, Duration.ZERO, null));
				if (request.path().equals("/b")) {
					this.bCompleted.countDown();
				}
			});
			return future;
		}

		@Override
		public CompletableFuture<ChildResponse> executeAsync(ChildRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public ChildResponse execute(ChildRequest request) {
			throw new UnsupportedOperationException();
		}

		@Override
		public List<ChildResponse> executeAll(List<ChildRequest> requests) {
			throw new UnsupportedOperationException();
		}

	}

	/**
	 * A scheduled future that runs a hook on the canceling thread before it cancels.
	 */
	private record CancelHook<V>(ScheduledFuture<V> future, Runnable hook) implements ScheduledFuture<V> {

		@Override
		public boolean cancel(boolean mayInterruptIfRunning) {
			this.hook.run();
			return this.future.cancel(mayInterruptIfRunning);
		}

		@Override
		public long getDelay(TimeUnit unit) {
			return this.future.getDelay(unit);
		}

		@Override
		public int compareTo(Delayed other) {
			return this.future.compareTo(other);
		}

		@Override
		public boolean isCancelled() {
			return this.future.isCancelled();
		}

		@Override
		public boolean isDone() {
			return this.future.isDone();
		}

		@Override
		public V get() throws InterruptedException, ExecutionException {
			return this.future.get();
		}

		@Override
		public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
			return this.future.get(timeout, unit);
		}

	}

}
