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

package dev.integratedpipeline.modules.rewrite;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.util.Assert;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.RequestPath;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * Rewrites, redirects, answers or aborts requests by ordered rules, as IIS URL Rewrite
 * does, at {@code BEGIN_REQUEST}: before authentication, so that Spring Security and
 * Spring MVC see the rewritten URL, as they would a request for it from the network.
 * <p>
 * The rules run in order on the path within the application as the container maps it
 * (path parameters removed, decoded, normalised: {@link RequestPath#decodedPath()}), as
 * IIS matches the decoded URL, and on the query as received. What a rule captures of the
 * path ({@code {R:n}}) is encoded again where it goes into a URL. The first rule that
 * applies acts:
 * <ul>
 * <li>{@code rewrite} sets the URL internally ({@link PipelineContext#setUrl}); unless
 * the rule stops processing, the rules then run again, from the first, on the new URL,
 * until none rewrites it any more. More than {@value #MAX_REWRITES} rewrites of one
 * request (httpd's {@code LimitInternalRecursion}) answer 500. A rewritten URL that is
 * not a clean path within the application (the rules of child request paths) is refused
 * with 400;</li>
 * <li>{@code redirect} answers with the redirect type and a {@code Location};</li>
 * <li>{@code custom-response} answers the status with {@code sendError}, so the
 * application's error handling (or custom errors) renders it;</li>
 * <li>{@code abort} closes the connection without a response
 * ({@link PipelineContext#abortConnection()});</li>
 * <li>{@code none} does nothing, and stops the rules when the rule stops processing.</li>
 * </ul>
 * A request whose path is not clean ({@code ..} segments, encoded slashes; which Tomcat
 * would normalize or Spring Security refuse) is refused with 400 before any rule runs:
 * rules could not tell what it names. Child requests pass the rules as top-level ones do.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public class RewriteModule implements PipelineModule, Ordered {

	/**
	 * The most rewrites of one request.
	 */
	public static final int MAX_REWRITES = 10;

	/**
	 * The order of the module: first, so that every other module sees the rewritten URL.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

	private static final Log logger = LogFactory.getLog(RewriteModule.class);

	private final List<RewriteRule> rules;

	/**
	 * Create a module.
	 * @param rules the rules, in order
	 */
	public RewriteModule(List<RewriteRule> rules) {
		Assert.notNull(rules, "'rules' must not be null");
		this.rules = List.copyOf(rules);
	}

	/**
	 * Return the rules.
	 * @return the rules, in order
	 */
	public List<RewriteRule> rules() {
		return this.rules;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Run the rules on the request.
	 */
	@Override
	public NotificationStatus onBeginRequest(PipelineContext context) {
		if (this.rules.isEmpty()) {
			return NotificationStatus.CONTINUE;
		}
		HttpServletRequest request = context.request();
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String query = request.getQueryString();
		if (!ChildRequest.isValidPath(path)) {
			return refuse(context, HttpServletResponse.SC_BAD_REQUEST, "Rewrite: the request path is not clean");
		}
		String originalPath = path;
		String originalQuery = query;
		int rewrites = 0;
		int index = 0;
		// What the rules match: the path as Spring MVC and the container map it, so that
		// a rule refusing /admin also refuses /%61dmin and /admin;x
		String matched = matchedPath(path);
		if (matched == null) {
			return refuse(context, HttpServletResponse.SC_BAD_REQUEST, "Rewrite: the request path does not decode");
		}
		while (index < this.rules.size()) {
			RewriteRule rule = this.rules.get(index);
			RewriteRule.Match match = rule.apply(matched, query, request);
			if (match == null) {
				index++;
				continue;
			}
			switch (rule.action()) {
				case NONE -> {
					if (rule.stopProcessing()) {
						return rewritten(context, path, query, originalPath, originalQuery);
					}
					index++;
					continue;
				}
				case REDIRECT -> {
					return redirect(context, rule, withQuery(rule, rule.expand(match), query));
				}
				case CUSTOM_RESPONSE -> {
					return customResponse(context, rule);
				}
				case ABORT -> {
					context.abortConnection();
					return NotificationStatus.FINISH_REQUEST;
				}
				case REWRITE -> {
					String url = withQuery(rule, rule.expand(match), query);
					if (!ChildRequest.isValidPath(url)) {
						return refuse(context, HttpServletResponse.SC_BAD_REQUEST,
								"Rewrite rule '" + rule.name() + "' made a URL that is not a clean path: " + url);
					}
					RequestPath target = RequestPath.of(url);
					String newPath = target.path();
					String newQuery = target.query();
					if (newPath.equals(path) && Objects.equals(newQuery, query)) {
						// Rewritten to itself: nothing changes, the rules are done
						return rewritten(context, path, query, originalPath, originalQuery);
					}
					if (++rewrites > MAX_REWRITES) {
						return refuse(context, HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
								"Rewrite: more than " + MAX_REWRITES + " rewrites of " + originalPath
										+ ", last by rule '" + rule.name() + "'");
					}
					path = newPath;
					query = newQuery;
					matched = matchedPath(path);
					if (matched == null) {
						return refuse(context, HttpServletResponse.SC_BAD_REQUEST,
								"Rewrite rule '" + rule.name() + "' made a URL that does not decode: " + url);
					}
					if (rule.stopProcessing()) {
						return rewritten(context, path, query, originalPath, originalQuery);
					}
					index = 0;
				}
			}
		}
		return rewritten(context, path, query, originalPath, originalQuery);
	}

	/**
	 * Return the path the rules match: without path parameters, decoded, normalised, as
	 * the container maps it; {@code null} when it does not decode.
	 */
	private static @Nullable String matchedPath(String path) {
		try {
			return RequestPath.of(path).decodedPath();
		}
		catch (RuntimeException ex) {
			return null;
		}
	}

	private static NotificationStatus rewritten(PipelineContext context, String path, @Nullable String query,
			String originalPath, @Nullable String originalQuery) {
		if (!path.equals(originalPath) || !Objects.equals(query, originalQuery)) {
			context.setUrl((query != null) ? path + "?" + query : path);
		}
		return NotificationStatus.CONTINUE;
	}

	private static String withQuery(RewriteRule rule, String url, @Nullable String query) {
		if (!rule.appendQueryString() || query == null || query.isEmpty()) {
			return url;
		}
		return url + ((url.indexOf('?') >= 0) ? "&" : "?") + query;
	}

	private static NotificationStatus redirect(PipelineContext context, RewriteRule rule, String location) {
		if (hasControlCharacters(location)) {
			return refuse(context, HttpServletResponse.SC_BAD_REQUEST,
					"Rewrite rule '" + rule.name() + "' made a redirect location with control characters");
		}
		if (!rule.keepsDestination(location)) {
			// An open redirect: the request's own text sent it elsewhere
			return refuse(context, HttpServletResponse.SC_BAD_REQUEST, "Rewrite rule '" + rule.name()
					+ "' made a redirect location that leaves where its URL goes: " + location);
		}
		HttpServletResponse response = context.response();
		response.setStatus(rule.redirectType());
		response.setHeader(HttpHeaders.LOCATION, location);
		response.setContentLength(0);
		return NotificationStatus.FINISH_REQUEST;
	}

	private static NotificationStatus customResponse(PipelineContext context, RewriteRule rule) {
		HttpServletResponse response = context.response();
		if (rule.statusCode() < 400) {
			response.setStatus(rule.statusCode());
			return NotificationStatus.FINISH_REQUEST;
		}
		try {
			if (rule.reason() != null) {
				response.sendError(rule.statusCode(), rule.reason());
			}
			else {
				response.sendError(rule.statusCode());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	private static NotificationStatus refuse(PipelineContext context, int status, String reason) {
		logger.debug(reason);
		try {
			context.response().sendError(status);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	private static boolean hasControlCharacters(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c < 0x20 || c == 0x7f) {
				return true;
			}
		}
		return false;
	}

}
