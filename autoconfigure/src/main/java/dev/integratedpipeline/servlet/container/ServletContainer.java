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

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What child requests need from the servlet container: its own filter chain for a path
 * and dispatcher type, its error pages and its sessions.
 *
 * @author Integrated Pipeline team
 */
public interface ServletContainer {

	/**
	 * Return the servlet context of the application.
	 * @return the servlet context
	 */
	ServletContext servletContext();

	/**
	 * Run a request through the filters the container maps to its path and dispatcher
	 * type, in the container's order, then the servlet.
	 * @param request the request
	 * @param response the response
	 * @param mapping the servlet the path maps to
	 * @param path the decoded path within the application, without the query
	 * @param type the dispatcher type
	 * @throws IOException when the chain fails
	 * @throws ServletException when the chain fails
	 */
	void dispatch(HttpServletRequest request, HttpServletResponse response, ServletMapping mapping, String path,
			DispatcherType type) throws IOException, ServletException;

	/**
	 * Return the path of the error page for a status or a failure, if the application has
	 * one.
	 * @param status the status code
	 * @param failure the failure, if any
	 * @return the error page path or {@code null}
	 */
	@Nullable String errorPage(int status, @Nullable Throwable failure);

	/**
	 * Return how paths map to the container's servlets.
	 * @return the mapper, by default from the servlet context's registrations
	 */
	default ServletMapper mapper() {
		return new ServletMapper(servletContext());
	}

	/**
	 * Return whether the container sends redirects with the location as given (relative),
	 * rather than made absolute; Boot's default,
	 * {@code server.tomcat.use-relative-redirects=false}, makes them absolute.
	 * @return whether redirects stay relative; by default {@code false}, as Boot
	 * configures Tomcat
	 */
	default boolean useRelativeRedirects() {
		return false;
	}

	/**
	 * Return whether the container, when it leaves redirects relative, still resolves a
	 * relative path against the request's URI and removes dot segments, as Jetty does;
	 * Tomcat sends the location as given.
	 * @return whether relative redirects are resolved to a path; by default {@code false}
	 */
	default boolean resolvesRelativeRedirects() {
		return false;
	}

	/**
	 * Return the {@code Content-Type} header the container writes for a content type.
	 * @param contentType the content type, with its charset if any
	 * @return the header value, by default the content type as given
	 */
	default String contentTypeHeader(String contentType) {
		return contentType;
	}

	/**
	 * Return what the container enforces on requests from the network, in front of its
	 * filters, that child requests do not pass: its own security constraints, and valves
	 * or handlers that may refuse a request by its path. A child reaches what they
	 * protect, so the application is warned at startup.
	 * @return a description of each, none by default
	 */
	default List<String> securityNotApplied() {
		return List.of();
	}

	/**
	 * Return the limits the container sets on the parameters of a request.
	 * @return the limits; by default none
	 */
	default ParameterLimits parameterLimits() {
		return ParameterLimits.NONE;
	}

	/**
	 * Return why the container refuses the URI of a request from the network with 400,
	 * before any filter, beyond what every container refuses (and a child request refuses
	 * when it is built, see {@code ChildRequest.isValidPath}): Jetty refuses the
	 * violations of RFC 3986 its URI compliance does not allow, such as an empty segment
	 * ({@code //}), an encoded {@code %} or an encoded control character. A child whose
	 * URI the container refuses is answered 400 and reaches no filter.
	 * @param requestUri the request URI, still encoded, with the context path
	 * @param query the query string, or {@code null}
	 * @return why the URI is refused, or {@code null} when it is not; by default
	 * {@code null}, as on Tomcat
	 */
	default @Nullable String uriViolation(String requestUri, @Nullable String query) {
		return null;
	}

	/**
	 * Return how many bytes the head of a request from the network (its request line and
	 * headers) may take, past which the container answers it with
	 * {@link #requestHeadTooLargeStatus()} before any filter: Boot's
	 * {@code server.max-http-request-header-size}, 8KB by default. A child whose method,
	 * URI and headers (its own and those it inherited) take more is answered so too.
	 * @return the limit in bytes, or {@code -1} for none; by default none
	 */
	default int maxRequestHeadSize() {
		return -1;
	}

	/**
	 * Return the status the container answers a request whose head is larger than
	 * {@link #maxRequestHeadSize()} with.
	 * @return the status; by default 431 (Request Header Fields Too Large), as Jetty
	 * answers; Tomcat answers 400
	 */
	default int requestHeadTooLargeStatus() {
		return 431;
	}

	/**
	 * Return the status the container answers a request with whose request line alone
	 * (method and target, its query included) takes more than
	 * {@link #maxRequestHeadSize()}.
	 * @return the status; by default {@link #requestHeadTooLargeStatus()}, as Tomcat
	 * answers; Jetty answers 414 (URI Too Long)
	 */
	default int requestLineTooLargeStatus() {
		return requestHeadTooLargeStatus();
	}

	/**
	 * Parse the {@code Cookie} headers of a child request into its cookies, as the
	 * container parses those of a request from the network: a cookie the container's
	 * parser drops (a value with whitespace, a quote or a comma, on Tomcat) is dropped,
	 * and past the container's limit on the cookies of a request the container's failure
	 * is thrown (Tomcat answers such a request from the network 400 before any filter; a
	 * child fails when its cookies are first read, and has none after, unless the
	 * container {@linkplain #parsesCookiesBeforeFilters() parses them before any
	 * filter}). Called once a child, when the application first asks for its cookies, or
	 * before any filter.
	 * @param cookieHeaders the values of the {@code Cookie} headers, in order
	 * @return the cookies, in order; by default parsed as RFC 6265 has them
	 * ({@link #parseCookieHeaders(List)})
	 */
	default List<Cookie> parseCookies(List<String> cookieHeaders) {
		return parseCookieHeaders(cookieHeaders);
	}

	/**
	 * Return whether the container parses the cookies of a request from the network
	 * before any filter, and answers 400 when {@link #parseCookies(List)} fails (more
	 * cookies than it reads): Tomcat does for an application that tracks sessions by
	 * cookie, as Boot's applications do. A child with cookies is then parsed before any
	 * filter too, and answered 400 where its cookies fail.
	 * @return whether cookies are parsed before any filter; by default {@code false}:
	 * they are parsed when the application first asks for them
	 */
	default boolean parsesCookiesBeforeFilters() {
		return false;
	}

	/**
	 * Parse {@code Cookie} headers as RFC 6265 has them, as {@link #parseCookies(List)}
	 * does by default: {@code name=value} pairs separated by {@code ;}, a quoted value
	 * unquoted, a pair without a name or with a name a servlet cookie cannot have
	 * dropped.
	 * @param cookieHeaders the values of the {@code Cookie} headers, in order
	 * @return the cookies, in order
	 */
	static List<Cookie> parseCookieHeaders(List<String> cookieHeaders) {
		List<Cookie> cookies = new ArrayList<>();
		for (String header : cookieHeaders) {
			for (String pair : header.split(";")) {
				int equals = pair.indexOf('=');
				String name = (equals > 0) ? pair.substring(0, equals).trim() : "";
				if (name.isEmpty()) {
					continue;
				}
				String value = pair.substring(equals + 1).trim();
				if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
					value = value.substring(1, value.length() - 1);
				}
				try {
					cookies.add(new Cookie(name, value));
				}
				catch (IllegalArgumentException ex) {
					// A name a cookie cannot have, as containers drop it
				}
			}
		}
		return cookies;
	}

	/**
	 * Return whether the container answers a {@code TRACE} request itself, 405 before any
	 * filter, as Tomcat does unless its connector allows {@code TRACE}.
	 * @return whether a {@code TRACE} child is answered 405; by default {@code false}: it
	 * goes to the filters and the servlet, as on Jetty
	 */
	default boolean refusesTrace() {
		return false;
	}

	/**
	 * Return the {@code Allow} header of the 405 the container answers a {@code TRACE}
	 * request with, when it {@linkplain #refusesTrace() refuses it}: the methods of the
	 * servlet mapped, {@code TRACE} left out.
	 * @param mapping the servlet the request maps to
	 * @return the header value, or {@code null} for none
	 */
	default @Nullable String allowedMethods(ServletMapping mapping) {
		return null;
	}

	/**
	 * Return whether the container forwards to its error pages: the page then sees the
	 * path of the request that failed as the {@code jakarta.servlet.forward.*}
	 * attributes, as on Tomcat; Jetty dispatches without them.
	 * @return whether error pages see forward attributes; by default {@code true}
	 */
	default boolean forwardsToErrorPages() {
		return true;
	}

	/**
	 * Prepare the response of a request that failed for its error page, as the container
	 * does before it dispatches to the page: the buffer is already reset.
	 * @param response the response
	 */
	default void resetForErrorPage(HttpServletResponse response) {
	}

	/**
	 * Log the failure of a request that a servlet or filter threw, where and as the
	 * container logs it for a request from the network: by default at ERROR, with the
	 * stack trace.
	 * @param mapping the servlet the request was dispatched to
	 * @param message what failed
	 * @param failure the failure
	 */
	default void logFailure(ServletMapping mapping, String message, Throwable failure) {
		LogFactory.getLog(ServletContainer.class).error(message, failure);
	}

	/**
	 * Return the {@code Set-Cookie} header value the container sends for a new session.
	 * @param session the session
	 * @param request the request it was created for
	 * @return the header value, or {@code null} when sessions are not tracked with a
	 * cookie
	 */
	default @Nullable String sessionCookie(HttpSession session, HttpServletRequest request) {
		return "JSESSIONID=" + session.getId() + "; Path="
				+ (request.getContextPath().isEmpty() ? "/" : request.getContextPath()) + "; HttpOnly";
	}

	/**
	 * Add the cookie of a new session to a response, as the container does.
	 * @param response the response
	 * @param cookie the {@code Set-Cookie} header value
	 */
	default void addSessionCookie(HttpServletResponse response, String cookie) {
		response.addHeader("Set-Cookie", cookie);
	}

	/**
	 * Make a session that a child created apart from its parent request the parent's, on
	 * the parent's thread: the parent finds it as its session, and its response, if still
	 * uncommitted, carries the cookie.
	 * @param parent the parent request, which has no session
	 * @param session the session
	 * @return whether the parent adopted it
	 */
	default boolean adoptSession(HttpServletRequest parent, HttpSession session) {
		return false;
	}

	/**
	 * Create a new session, for a child request executed with no parent request.
	 * @return the session
	 */
	HttpSession createSession();

}
