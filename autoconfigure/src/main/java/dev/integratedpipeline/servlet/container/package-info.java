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
 * The servlet-container SPI the child engine runs children through: the container's
 * filter chain for a path and dispatcher type, its servlet mappings, sessions and error
 * pages. One implementation per container, each in its own sub-package.
 */
@NullMarked
package dev.integratedpipeline.servlet.container;

import org.jspecify.annotations.NullMarked;
