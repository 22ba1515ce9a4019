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

package dev.integratedpipeline.batch;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestException;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;

/**
 * The browser's CORS rules applied to the items of a cross-origin batch: a batch request
 * that the application's own CORS processing let in from another origin (its response
 * already carries {@code Access-Control-Allow-Origin} when the endpoint runs). Allowing
 * an origin on the batch endpoint must not allow it every url an item may name, so each
 * item is treated as the page would have had it sent on its own:
 * <ul>
 * <li>before it runs, a preflight ({@code OPTIONS} with {@code Origin},
 * {@code Access-Control-Request-Method} and the item's own headers in
 * {@code Access-Control-Request-Headers}, without credentials, as browsers send it) must
 * answer 2xx allowing the origin; otherwise the item answers 403 without running;</li>
 * <li>once it ran, its response must allow the origin too, or it is answered 403 in its
 * place (headers, cookies and body dropped), as the browser would keep it from the
 * page.</li>
 * </ul>
 * Stricter than a browser in one way: an item that the browser would send without a
 * preflight (a simple {@code GET}) gets one too, so that a url with no CORS configuration
 * is not even run for another origin.
 *
 * @author Integrated Pipeline team
 */
final class BatchCors {

	private static final Set<String> SAFELISTED = Set.of("accept", "accept-language", "content-language",
			"content-type");

	private final HttpServletRequest batchRequest;

	private final String origin;

	private final JsonMapper mapper;

	private BatchCors(HttpServletRequest batchRequest, String origin, JsonMapper mapper) {
		this.batchRequest = batchRequest;
		this.origin = origin;
		this.mapper = mapper;
	}

	/**
	 * Return the rules for a batch let in from another origin, or {@code null} for any
	 * other batch.
	 */
	static @Nullable BatchCors of(HttpServletRequest request, HttpServletResponse response, JsonMapper mapper) {
		String origin = request.getHeader(HttpHeaders.ORIGIN);
		if (origin == null || response.getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN) == null) {
			return null;
		}
		return new BatchCors(request, origin, mapper);
	}

	/**
	 * Send each item's preflight, one after the other on the batch request's thread.
	 * @return what each item its preflight refused answers, {@code null} for the others
	 */
	@Nullable ChildResponse[] preflight(List<BatchItem> items, ChildRequestExecutor executor) {
		@Nullable ChildResponse[] refused = new ChildResponse[items.size()];
		for (BatchItem item : items) {
			boolean allowed;
			try {
				allowed = allowsPreflight(executor.execute(preflight(item)));
			}
			catch (ChildRequestException ex) {
				allowed = false;
			}
			if (!allowed) {
				refused[item.index()] = blocked(item, false);
			}
		}
		return refused;
	}

	/**
	 * The preflight the browser would send before the item: anonymous, with no header but
	 * the CORS ones.
	 */
	private ChildRequest preflight(BatchItem item) {
		ChildRequest request = item.request();
		ChildRequest.Builder preflight = ChildRequest.builder("OPTIONS", request.path())
			.anonymous()
			.header(HttpHeaders.ORIGIN, this.origin)
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, request.method());
		String headers = ownHeaders(request.headers());
		if (!headers.isEmpty()) {
			preflight.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, headers);
		}
		return preflight.timeout(request.timeout()).build();
	}

	/**
	 * The headers the item sets itself (not inherited from the batch request, or with
	 * another value), less the CORS-safelisted ones, as the browser lists them.
	 */
	private String ownHeaders(HttpHeaders headers) {
		StringJoiner names = new StringJoiner(",");
		headers.forEach((name, values) -> {
			String lowerCase = name.toLowerCase(Locale.ROOT);
			if (!SAFELISTED.contains(lowerCase) && !values.isEmpty()
					&& !values.get(0).equals(this.batchRequest.getHeader(name))) {
				names.add(lowerCase);
			}
		});
		return names.toString();
	}

	/**
	 * Whether a response allows the batch's origin, as the browser checks it.
	 */
	boolean allows(ChildResponse response) {
		String allowed = response.headers().getFirst(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
		return this.origin.equals(allowed) || "*".equals(allowed);
	}

	/**
	 * Whether a preflight's answer lets the item run.
	 */
	private boolean allowsPreflight(ChildResponse preflight) {
		return preflight.status() >= 200 && preflight.status() < 300 && allows(preflight);
	}

	/**
	 * The answer of an item its origin may not send or read.
	 */
	ChildResponse blocked(BatchItem item, boolean ran) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN,
				"Item '" + item.id() + "' " + (ran ? "answered" : "was not run: its preflight answered")
						+ " without allowing origin " + this.origin
						+ " (CORS): the batch endpoint allows it, the item's url does not");
		problem.setProperty("reason", "CORS");
		return Problems.toResponse(problem, this.mapper);
	}

}
