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

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;

/**
 * A child request cloned from a {@link PipelineContext} with
 * {@link PipelineContext#cloneContext()}, prepared here and executed with
 * {@link PipelineContext#executeRequest}. Changes to it never touch the parent request.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public interface ChildContext {

	/**
	 * Set the URL of the child, its path within the application and query (IIS's
	 * {@code IHttpRequest::SetUrl} on a cloned context).
	 * @param url the path within the application, with an optional query
	 * @throws IllegalStateException once the child was executed
	 */
	void setUrl(String url);

	/**
	 * Set the HTTP method of the child.
	 * @param method the method
	 * @throws IllegalStateException once the child was executed
	 */
	void setMethod(String method);

	/**
	 * Set a header of the child, replacing any values it had.
	 * @param name the header name
	 * @param values the values; none removes the header
	 * @throws IllegalStateException once the child was executed
	 */
	void setHeader(String name, String... values);

	/**
	 * Set the body of the child.
	 * @param body the body bytes
	 * @throws IllegalStateException once the child was executed
	 */
	void setBody(byte[] body);

	/**
	 * Set a request attribute the child starts with, as a container sets the
	 * {@code jakarta.servlet.error.*} attributes for its error page. The child has its
	 * own attributes otherwise; the pipeline's own attributes cannot be set.
	 * @param name the attribute name
	 * @param value the value, or {@code null} to remove an attribute set before
	 * @throws IllegalStateException once the child was executed
	 * @throws IllegalArgumentException for a name of the pipeline's own
	 * ({@code dev.integratedpipeline.*})
	 * @since 0.1.0
	 */
	void setAttribute(String name, @Nullable Object value);

	/**
	 * Return the child request as it stands now.
	 * @return the request
	 */
	ChildRequest request();

	/**
	 * Return the context this child was cloned from.
	 * @return the parent context
	 */
	PipelineContext parent();

	/**
	 * Return the nesting depth the child runs at: its parent's depth plus one.
	 * @return the depth
	 */
	int depth();

	/**
	 * Return the headers of a given name the child was cloned with or given.
	 * @param name the header name
	 * @return the values, empty when none
	 */
	List<String> headers(String name);

	/**
	 * Release this child (IIS's {@code ReleaseClonedContext}: what the child holds is
	 * freed). Children must be released in reverse order of their creation; children
	 * still unreleased when their parent request ends are released automatically.
	 * Releasing a child whose parent was released, or releasing it twice, fails. A child
	 * released while it still runs is cancelled: it fails with {@code CANCELLED}.
	 * @throws ChildRequestException {@code INVALID_PARAMETER} when the parent was
	 * released already, or a child cloned after this one is still unreleased
	 */
	void releaseClonedContext();

	/**
	 * Return whether the child was released.
	 * @return whether it was released
	 */
	boolean isReleased();

	/**
	 * Return the response of the child once it completed.
	 * @return the response, or {@code null} before completion
	 */
	dev.integratedpipeline.child.@Nullable ChildResponse response();

}
