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

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InMemoryChildRequestTraceRepository}.
 */
class InMemoryChildRequestTraceRepositoryTests {

	private static ChildRequestTrace trace(String id, ChildRequestTrace... children) {
		return new ChildRequestTrace(id, null, 0,
				new ChildRequestTrace.Request("GET", "/" + id, Set.of(), false, null, null, null),
				new ChildRequestTrace.Response(200, null, -1, null, null),
				new ChildRequestTrace.Timeline(Instant.now(), Duration.ZERO, List.of(), 0), false, List.of(children),
				0);
	}

	@Test
	void whenTracesAreAddedThenTheyAreListedNewestFirst() {
		InMemoryChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository();
		repository.add(trace("a"));
		repository.add(trace("b"));
		assertThat(repository.findAll()).extracting(ChildRequestTrace::id).containsExactly("b", "a");
	}

	@Test
	void whenCapacityIsExceededThenTheOldestIsEvicted() {
		InMemoryChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository(2);
		repository.add(trace("a"));
		repository.add(trace("b"));
		repository.add(trace("c"));
		assertThat(repository.findAll()).extracting(ChildRequestTrace::id).containsExactly("c", "b");
	}

	@Test
	void whenIdNamesANestedChildThenItIsFound() {
		InMemoryChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository();
		repository.add(trace("root", trace("child", trace("grandchild"))));
		assertThat(repository.findById("grandchild")).extracting((trace) -> trace.request().path())
			.isEqualTo("/grandchild");
		assertThat(repository.findById("missing")).isNull();
	}

	@Test
	void whenClearedThenNothingRemains() {
		InMemoryChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository();
		repository.add(trace("a"));
		repository.clear();
		assertThat(repository.findAll()).isEmpty();
	}

	@Test
	void whenManyThreadsAddTracesThenTheBoundHolds() throws InterruptedException {
		InMemoryChildRequestTraceRepository repository = new InMemoryChildRequestTraceRepository(50);
		ExecutorService pool = Executors.newFixedThreadPool(8);
		CountDownLatch done = new CountDownLatch(8);
		for (int thread = 0; thread < 8; thread++) {
			int base = thread * 1000;
			pool.execute(() -> {
				for (int i = 0; i < 500; i++) {
					repository.add(trace("t" + (base + i)));
					repository.findAll();
				}
				done.countDown();
			});
		}
		assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
		pool.shutdown();
		assertThat(repository.findAll()).hasSize(50).doesNotHaveDuplicates();
	}

}
