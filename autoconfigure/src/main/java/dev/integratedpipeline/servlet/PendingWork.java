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

import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.pipeline.AsyncCompletionEvent;

/**
 * The asynchronous work of a module that answered {@code PENDING}, as IIS keeps it: the
 * request is suspended until the work completes, then its module receives the result in
 * {@code onAsyncCompletion} and the walk goes on. The work and a timeout or failure of
 * the request race: whichever {@link #complete completes} it first decides, the other is
 * ignored.
 *
 * @author Integrated Pipeline team
 */
final class PendingWork {

	private final int module;

	private final int notification;

	private final Offer offer;

	private final AtomicBoolean claimed = new AtomicBoolean();

	private volatile boolean completed;

	private @Nullable Object result;

	private @Nullable Throwable failure;

	private PendingWork(int module, int notification, Offer offer) {
		this.module = module;
		this.notification = notification;
		this.offer = offer;
	}

	/**
	 * Keep the work a module handed to {@code pending(stage)} once it answered
	 * {@code PENDING}.
	 * @param module the module
	 * @param notification the notification it answered {@code PENDING} to
	 * @param offer its work
	 * @return the pending work
	 */
	static PendingWork keep(int module, int notification, Offer offer) {
		return new PendingWork(module, notification, offer);
	}

	int module() {
		return this.module;
	}

	int notification() {
		return this.notification;
	}

	/**
	 * Call {@code resume} once the work completed, unless the request gave it up first.
	 * @param resume what resumes the request
	 */
	void whenCompleted(Runnable resume) {
		this.offer.stage().whenComplete((result, failure) -> {
			if (complete(result, failure)) {
				resume.run();
			}
		});
	}

	/**
	 * Complete the work, unless it completed before: the work itself and a timeout or
	 * failure of the request race, and only the first resumes the request.
	 * @param result the result
	 * @param failure the failure
	 * @return whether this completed it
	 */
	boolean complete(@Nullable Object result, @Nullable Throwable failure) {
		if (!this.claimed.compareAndSet(false, true)) {
			return false;
		}
		this.result = result;
		this.failure = (failure instanceof CompletionException ex && ex.getCause() != null) ? ex.getCause() : failure;
		this.completed = true;
		return true;
	}

	boolean isCompleted() {
		return this.completed;
	}

	/**
	 * Hand the result to whoever asked for it with the work (an asynchronous child
	 * request waited for), before the module is told.
	 */
	void deliverResult() {
		Consumer<@Nullable Object> delivery = this.offer.delivery();
		if (delivery != null) {
			delivery.accept(this.result);
		}
	}

	/**
	 * Return the event that tells the module how its work ended.
	 * @return the event
	 */
	AsyncCompletionEvent completionEvent() {
		return new AsyncCompletionEvent(Notifications.event(this.notification), Notifications.isPost(this.notification),
				this.result, this.failure);
	}

	/**
	 * The work a module hands to {@code pending(stage)} during a notification: kept if
	 * the module then answers {@code PENDING}, dropped otherwise.
	 *
	 * @param stage the work
	 * @param delivery who receives its result before the module, if anybody
	 */
	record Offer(CompletionStage<?> stage, @Nullable Consumer<@Nullable Object> delivery) {

	}

}
