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
 * The child-request engine: the executor, one child's run through the container's filter
 * chain, the child's request, response, session and asynchronous context, servlet mapping
 * and error-page dispatch. Uses the pipeline engine ({@code servlet}) for its parent's
 * context and the container SPI ({@code servlet.container}) for the container.
 */
@NullMarked
package dev.integratedpipeline.servlet.child;

import org.jspecify.annotations.NullMarked;
