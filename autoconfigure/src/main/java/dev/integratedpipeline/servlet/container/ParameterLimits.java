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

/**
 * The limits a servlet container sets on the parameters of a request, which a child's
 * parameters obey as a request from the network's do: past one, asking for a parameter
 * throws {@link IllegalStateException} (as Servlet 6.1 has it) and the request is
 * answered with the given status, unless the application handles it.
 *
 * @param maxCount how many parameters a request may have; negative for no limit
 * @param queryCounted whether the query's parameters count, or only a form body's
 * @param valuesCounted whether each value counts (Tomcat), or each name (Jetty)
 * @param maxFormBytes how large an {@code application/x-www-form-urlencoded} body may be
 * to be read as parameters; negative for no limit
 * @param formTooLargeStatus the status of a request whose form body is larger
 * @param badEncodingRefused whether a name or value that is not well encoded (an escape
 * that is not {@code %} and two hexadecimal digits, bytes not valid in the charset) fails
 * the parameters with 400, as on Tomcat and Jetty, rather than being dropped or decoded
 * with replacement characters
 * @param nameless what becomes of a value without a name ({@code =v})
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public record ParameterLimits(int maxCount, boolean queryCounted, boolean valuesCounted, long maxFormBytes,
		int formTooLargeStatus, boolean badEncodingRefused, Nameless nameless) {

	/**
	 * No limit.
	 */
	public static final ParameterLimits NONE = new ParameterLimits(-1, false, false, -1, 400, false, Nameless.DROPPED);

	/**
	 * What becomes of a parameter value without a name.
	 */
	public enum Nameless {

		/** Left out of the parameters. */
		DROPPED,

		/** Fails the parameters with 400, as on Tomcat. */
		REFUSED,

		/** A parameter named {@code ""}, as on Jetty. */
		KEPT

	}

}
