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

package dev.integratedpipeline.servlet.container;

import jakarta.servlet.http.MappingMatch;
import org.jspecify.annotations.Nullable;

/**
 * How a path within the application maps to a servlet, after the servlet specification's
 * mapping rules.
 *
 * @param servletName the name of the servlet the path maps to
 * @param pattern the URL pattern that matched, such as {@code /} or {@code *.jsp}
 * @param servletPath the servlet path of the request
 * @param pathInfo the path info of the request, or {@code null}
 * @param matchType how the pattern matched
 * @param matchValue the part of the path that matched the pattern
 * @author Integrated Pipeline team
 */
public record ServletMapping(String servletName, String pattern, String servletPath, @Nullable String pathInfo,
		MappingMatch matchType, String matchValue) {

}
