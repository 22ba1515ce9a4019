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

package dev.integratedpipeline.servlet.child;

/**
 * The parameters of a child request pass the container's limits: thrown when they are
 * asked for, an {@link IllegalStateException} as Servlet 6.1 has it, and answered with
 * {@link #status()} if the application lets it through, as Tomcat and Jetty answer a
 * request from the network.
 *
 * @author Integrated Pipeline team
 */
final class InvalidParametersException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final int status;

	InvalidParametersException(String message, int status) {
		super(message);
		this.status = status;
	}

	/**
	 * Return the status the child is answered with.
	 * @return the status
	 */
	int status() {
		return this.status;
	}

}
