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

package dev.integratedpipeline.pipeline;

/**
 * What a {@link PipelineModule} answers to a notification.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum NotificationStatus {

	/**
	 * Go on: notify the next module, then the next event.
	 */
	CONTINUE,

	/**
	 * The module has answered the request: the remaining modules of this event and every
	 * event up to {@link RequestEvent#LOG_REQUEST} are skipped (the handler is not
	 * invoked if it had not run yet), then {@link RequestEvent#LOG_REQUEST} and
	 * {@link RequestEvent#END_REQUEST} run.
	 */
	FINISH_REQUEST,

	/**
	 * The module started asynchronous work and handed it to
	 * {@link PipelineContext#pending(java.util.concurrent.CompletionStage)}: the request
	 * is suspended without holding a servlet thread and resumes with
	 * {@link PipelineModule#onAsyncCompletion} when the work completes. Only the
	 * deterministic events and {@code onAsyncCompletion} may answer it; answered to
	 * another notification it fails with an {@link IllegalStateException}.
	 */
	PENDING

}
