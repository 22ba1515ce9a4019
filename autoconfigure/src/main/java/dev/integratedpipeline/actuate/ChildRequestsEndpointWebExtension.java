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

package dev.integratedpipeline.actuate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.web.annotation.EndpointWebExtension;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.StreamUtils;

/**
 * Adds the trace viewer to the {@link ChildRequestsEndpoint} over HTTP:
 * {@code GET /actuator/childrequests/viewer/index.html}, a self-contained page (HTML, CSS
 * and JavaScript from this jar, nothing fetched elsewhere) that reads the endpoint's own
 * JSON and shows the recent traces and, for one of them, a waterfall of its child
 * requests. As an operation of the endpoint, the page is exposed, secured and allowed
 * exactly as the endpoint is: it is there only when the endpoint is exposed over HTTP,
 * Spring Security's {@code EndpointRequest.to(ChildRequestsEndpoint.class)} covers it,
 * and with {@code read-only} access its button to clear the traces is refused by the
 * endpoint, which then has no delete operation. The page is not served from a static
 * resource location, so no other path serves it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@EndpointWebExtension(endpoint = ChildRequestsEndpoint.class)
public class ChildRequestsEndpointWebExtension {

	/**
	 * The first path segment of the viewer, below the endpoint's path.
	 */
	public static final String VIEWER = "viewer";

	/**
	 * The viewer's page, below {@link #VIEWER}.
	 */
	public static final String PAGE = "index.html";

	private static final String PAGE_RESOURCE = "dev/integratedpipeline/actuate/childrequests-viewer.html";

	private final String page;

	/**
	 * Create the extension, reading the page from the class path once.
	 */
	public ChildRequestsEndpointWebExtension() {
		this.page = readPage();
	}

	private static String readPage() {
		try (InputStream input = new ClassPathResource(PAGE_RESOURCE,
				ChildRequestsEndpointWebExtension.class.getClassLoader())
			.getInputStream()) {
			return StreamUtils.copyToString(input, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read the trace viewer page " + PAGE_RESOURCE, ex);
		}
	}

	/**
	 * Return the viewer's page.
	 * @param viewer {@value #VIEWER}
	 * @param page {@value #PAGE}
	 * @return the page, or {@code null} (a 404) for any other path
	 */
	@ReadOperation(produces = "text/html;charset=UTF-8")
	public @Nullable String viewer(@Selector String viewer, @Selector String page) {
		return (VIEWER.equals(viewer) && PAGE.equals(page)) ? this.page : null;
	}

}
