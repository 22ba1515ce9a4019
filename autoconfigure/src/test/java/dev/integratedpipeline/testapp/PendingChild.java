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

package dev.integratedpipeline.testapp;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Handed to a child as its user data by a test: the child's handler says when it runs,
 * and its {@code DeferredResult}'s completion callback completes {@link #completion()}.
 */
public final class PendingChild {

	private final CountDownLatch started = new CountDownLatch(1);

	private final CompletableFuture<String> completion = new CompletableFuture<>();

	void started() {
		this.started.countDown();
	}

	/**
	 * Wait until the child's handler runs.
	 * @throws InterruptedException when interrupted
	 */
	public void awaitStarted() throws InterruptedException {
		if (!this.started.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The child's handler did not run");
		}
	}

	/**
	 * Return what the child's completion callback said, once it ran.
	 * @return the completion
	 */
	public CompletableFuture<String> completion() {
		return this.completion;
	}

}
