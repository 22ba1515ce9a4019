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

/**
 * The application starting to read the request body (as a stream, a reader, form
 * parameters or multipart parts), delivered to {@link PipelineModule#onReadEntity}.
 *
 * @param contentLength the declared content length, or {@code -1} when unknown
 * @param contentType the declared content type, if any
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ReadEntityEvent(long contentLength, @Nullable String contentType) {

}
