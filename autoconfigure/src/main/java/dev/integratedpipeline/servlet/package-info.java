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

/**
 * The pipeline engine: the filters and the handler interceptor that walk each request
 * through the pipeline, the event walk and its notifications, and the request and
 * response wrappers. It knows neither the child engine ({@code servlet.child}), which it
 * reaches through {@link dev.integratedpipeline.servlet.ChildEngine}, nor a container,
 * nor tracing or observations, which listen through
 * {@link dev.integratedpipeline.servlet.PipelineTrace}.
 */
@NullMarked
package dev.integratedpipeline.servlet;

import org.jspecify.annotations.NullMarked;
