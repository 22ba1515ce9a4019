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

package dev.integratedpipeline.modules.customerrors;

/**
 * Which responses of a mapped status {@link CustomErrorModule} replaces with its page, as
 * IIS's {@code existingResponse} setting says.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public enum ExistingResponse {

	/**
	 * Replace only the responses the container would give its error page:
	 * {@code sendError} (which Spring MVC uses for its own errors, a 404 included) and an
	 * exception that reached the container.
	 */
	AUTO,

	/**
	 * Replace every response of a mapped status, with a body or not.
	 */
	REPLACE,

	/**
	 * Never replace a response that has a body; replace those without one
	 * ({@code sendError}, an exception, a status with no content).
	 */
	PASS_THROUGH

}
