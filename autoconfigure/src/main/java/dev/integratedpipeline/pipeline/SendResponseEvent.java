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

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The response about to be committed, delivered to {@link PipelineModule#onSendResponse}.
 *
 * @param status the status that is about to be sent
 * @param trigger what commits the response
 * @param message the message given to {@code sendError(status, message)} when the trigger
 * is {@link Trigger#ERROR}, otherwise {@code null}
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record SendResponseEvent(int status, Trigger trigger, @Nullable String message) {

	public SendResponseEvent {
		Assert.notNull(trigger, "'trigger' must not be null");
	}

	/**
	 * Create an event without a message.
	 * @param status the status that is about to be sent
	 * @param trigger what commits the response
	 */
	public SendResponseEvent(int status, Trigger trigger) {
		this(status, trigger, null);
	}

	/**
	 * What commits the response.
	 */
	public enum Trigger {

		/**
		 * The first byte of the body is written, or the response is flushed or closed.
		 */
		BODY,

		/**
		 * The application sends an error status ({@code sendError}).
		 */
		ERROR,

		/**
		 * The application sends a redirect ({@code sendRedirect}).
		 */
		REDIRECT,

		/**
		 * The request ends with nothing written yet.
		 */
		END

	}

}
