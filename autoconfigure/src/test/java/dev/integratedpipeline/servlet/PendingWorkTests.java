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

package dev.integratedpipeline.servlet;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;
import dev.integratedpipeline.pipeline.RequestEvent;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link PendingWork}.
 *
 * @author Integrated Pipeline team
 */
class PendingWorkTests {

	@Test
	void whenTheWorkCompletesThenTheRequestResumesOnceWithItsResult() {
		CompletableFuture<String> stage = new CompletableFuture<>();
		AtomicReference<Object> delivered = new AtomicReference<>();
		PendingWork work = PendingWork.keep(2, Notifications.AUTHENTICATE_REQUEST,
				new PendingWork.Offer(stage, delivered::set));
		AtomicInteger resumed = new AtomicInteger();
		work.whenCompleted(resumed::incrementAndGet);
		stage.complete("done");
		work.deliverResult();
		AsyncCompletionEvent event = work.completionEvent();
		assertThat(resumed).hasValue(1);
		assertThat(delivered).hasValue("done");
		assertThat(event.event()).isEqualTo(RequestEvent.AUTHENTICATE_REQUEST);
		assertThat(event.result()).isEqualTo("done");
	}

	@Test
	void whenTheRequestGivesTheWorkUpFirstThenItsCompletionDoesNotResume() {
		CompletableFuture<String> stage = new CompletableFuture<>();
		PendingWork work = PendingWork.keep(0, Notifications.POST_BEGIN_REQUEST, new PendingWork.Offer(stage, null));
		AtomicInteger resumed = new AtomicInteger();
		work.whenCompleted(resumed::incrementAndGet);
		assertThat(work.complete(null, new TimeoutException())).isTrue();
		stage.complete("late");
		assertThat(resumed).hasValue(0);
		assertThat(work.completionEvent().error()).isInstanceOf(TimeoutException.class);
	}

	@Test
	void whenTheWorkFailsThenTheModuleReceivesTheCauseNotItsWrapper() {
		PendingWork work = PendingWork.keep(0, Notifications.POST_BEGIN_REQUEST,
				new PendingWork.Offer(new CompletableFuture<>(), null));
		IllegalStateException cause = new IllegalStateException("boom");
		work.complete(null, new CompletionException(cause));
		assertThat(work.isCompleted()).isTrue();
		assertThat(work.completionEvent().error()).isSameAs(cause);
	}

}
