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

import java.security.Principal;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.ChildContext;
import dev.integratedpipeline.pipeline.ChildExecution;
import dev.integratedpipeline.pipeline.PipelineContext;

/**
 * What the pipeline engine asks of the child engine: the contract between the two, so
 * that the pipeline engine depends on no class of the child engine. The child engine
 * ({@code servlet.child}) implements it; a {@link ServletPipelineContext} calls it from
 * {@link ServletPipelineContext#cloneContext()} and
 * {@link ServletPipelineContext#executeRequest}, on the thread of the module that asks,
 * with itself as the parent. The parent is typed as the API's {@link PipelineContext} so
 * that this contract does not depend on the class that calls it.
 *
 * @author Integrated Pipeline team
 */
public interface ChildEngine {

	/**
	 * Clone a child context from the request of {@code parent}, for IIS's
	 * {@code CloneContext}.
	 * @param parent the context to clone
	 * @return the child context, which the parent releases automatically when it ends
	 */
	Cloned cloneContext(PipelineContext parent);

	/**
	 * Execute a child context cloned from {@code parent}, for IIS's
	 * {@code ExecuteRequest}.
	 * @param parent the context that executes the child
	 * @param child the child context, cloned from {@code parent}
	 * @param flags how to execute it
	 * @param user the user to execute it as, or {@code null}
	 * @return the execution, complete or pending
	 */
	ChildExecution execute(PipelineContext parent, ChildContext child, Set<ExecuteFlag> flags,
			@Nullable Principal user);

	/**
	 * A child context as its parent's pipeline keeps it.
	 */
	interface Cloned extends ChildContext {

		/**
		 * Release the context because its parent ended: IIS releases what a module did
		 * not.
		 */
		void releaseAutomatically();

		/**
		 * Return whether the context was released because its parent ended.
		 * @return whether released automatically
		 */
		boolean isReleasedAutomatically();

		/**
		 * Return the id of the child request that ran from this context.
		 * @return the id or {@code null} when it did not run
		 */
		@Nullable String runId();

	}

	/**
	 * An asynchronous child request its parent tracks, to cancel it when the parent ends
	 * first.
	 */
	interface Async {

		/**
		 * Return the request the child runs.
		 * @return the request
		 */
		ChildRequest request();

		/**
		 * Return the child's result, which completes when the child does.
		 * @return the result
		 */
		CompletableFuture<ChildResponse> result();

		/**
		 * Cancel the child: its parent ended before it completed.
		 * @param reason what its result fails with
		 */
		void cancel(ChildRequestException reason);

	}

}
