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

import org.springframework.http.HttpHeaders;

/**
 * A copy of the response a request produces, started with
 * {@link PipelineContext#recordResponse(int)}: what the handler, its view and the filters
 * after the pipeline's authentication filter wrote and set. Read it once the handler ran
 * ({@link RequestEvent#UPDATE_REQUEST_CACHE}); the status is the response's own.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface ResponseRecording {

	/**
	 * Return the content written so far, characters written to the writer encoded with
	 * the response's character encoding.
	 * @return a copy of the content, or {@code null} when it {@link #exceeded()} the
	 * limit
	 */
	byte @Nullable [] content();

	/**
	 * Return whether more content was written than the recording keeps.
	 * @return whether the content was dropped
	 */
	boolean exceeded();

	/**
	 * Return the headers set so far through the recorded response, in the order set: a
	 * cookie added with {@code addCookie} is a {@code Set-Cookie} header, the content
	 * type is a {@code Content-Type} header.
	 * @return a copy of the headers
	 */
	HttpHeaders headers();

}
