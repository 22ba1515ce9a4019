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

package dev.integratedpipeline.child;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.util.Assert;
import org.springframework.util.MultiValueMap;

/**
 * A server-side request that runs the application's whole pipeline in-process, built with
 * {@link #get(String)}, {@link #builder(String, String)} or {@link #from}. Immutable;
 * validated when built, so that a bad path, method or header is refused before anything
 * runs.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 * @see ChildRequestExecutor
 */
public final class ChildRequest {

	private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
			"TRACE");

	private static final ByteBuffer NO_BODY = ByteBuffer.allocate(0).asReadOnlyBuffer();

	private final String method;

	private final RequestPath path;

	private final HttpHeaders headers;

	private final byte[] body;

	private final @Nullable Object json;

	private final @Nullable Principal user;

	private final Identity identity;

	private final @Nullable Object userData;

	private final Set<ExecuteFlag> flags;

	private final @Nullable Duration timeout;

	private final @Nullable RemoteClient remoteClient;

	private ChildRequest(Builder builder) {
		this.method = builder.method;
		// Split once, here: the engine, the traces and the batch read its parts
		this.path = RequestPath.of(builder.path);
		this.headers = (builder.shared != null) ? builder.shared
				: HttpHeaders.readOnlyHttpHeaders(HttpHeaders.copyOf(builder.headers));
		// Not copied: the builder copied what it was given, and neither it nor this
		// request ever writes to the array
		this.body = builder.body;
		this.json = builder.json;
		this.user = builder.user;
		this.identity = builder.identity();
		this.userData = builder.userData;
		this.flags = Collections.unmodifiableSet(
				builder.flags.isEmpty() ? EnumSet.noneOf(ExecuteFlag.class) : EnumSet.copyOf(builder.flags));
		this.timeout = builder.timeout;
		this.remoteClient = builder.remoteClient;
	}

	/**
	 * Start a {@code GET} request for a path.
	 * @param path the path within the application, with an optional query
	 * @return a builder
	 */
	public static Builder get(String path) {
		return builder("GET", path);
	}

	/**
	 * Start a request.
	 * @param method the HTTP method
	 * @param path the path within the application, with an optional query
	 * @return a builder
	 */
	public static Builder builder(String method, String path) {
		return new Builder(method, path);
	}

	/**
	 * Start from a copy of a live request: its method, path within the application, query
	 * and headers, and the {@link #remoteClient() client} it came from. The body is not
	 * copied, as reading it would consume the live request's; set it with
	 * {@link Builder#body(byte[])} when needed.
	 * <p>
	 * The child's {@link #identity() identity} is {@link Identity#CREDENTIALS}: it
	 * authenticates itself from the credentials it copied (the {@code Authorization}
	 * header, the cookies and so the session, whatever a module authenticates from), as
	 * the same request from the network would, unless {@link Builder#user} or
	 * {@link Builder#anonymous()} says otherwise.
	 * @param request the request to copy
	 * @return a builder
	 */
	public static Builder from(HttpServletRequest request) {
		Assert.notNull(request, "'request' must not be null");
		String path = request.getRequestURI().substring(request.getContextPath().length());
		String query = request.getQueryString();
		Builder builder = builder(request.getMethod(), (query != null) ? path + "?" + query : path);
		builder.remoteClient = new RemoteClient(request.getRemoteAddr(), request.getRemoteHost(),
				request.getRemotePort());
		builder.credentials = true;
		for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements();) {
			String name = names.nextElement();
			for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements();) {
				builder.headers.add(name, values.nextElement());
			}
		}
		return builder;
	}

	/**
	 * Return the HTTP method.
	 * @return the method
	 */
	public String method() {
		return this.method;
	}

	/**
	 * Return the path within the application, with the query if any.
	 * @return the path
	 */
	public String path() {
		return this.path.value();
	}

	/**
	 * Return the path within the application split once into its parts: the path, the
	 * query, and the path the servlet container maps; the child engine maps the child
	 * with it and the traces record it.
	 * @return the split path
	 * @since 0.1.0
	 */
	public RequestPath requestPath() {
		return this.path;
	}

	/**
	 * Return the request headers.
	 * @return the read-only headers
	 */
	public HttpHeaders headers() {
		return this.headers;
	}

	/**
	 * Return the request body.
	 * @return a copy of the body bytes; empty for a body set with
	 * {@link Builder#json(Object)}, which is written only when the child is executed (see
	 * {@link #body(List)})
	 */
	public byte[] body() {
		return this.body.clone();
	}

	/**
	 * Return the value {@link Builder#json(Object)} set, to be written as JSON when the
	 * child is executed.
	 * @return the value or {@code null}
	 * @since 0.1.0
	 */
	public @Nullable Object json() {
		return this.json;
	}

	/**
	 * Return the body the child is executed with: the {@link #json() JSON value} written
	 * with the given converters (the first that writes its type as
	 * {@code application/json}), otherwise a copy of the {@link #body() body}. The
	 * executor calls it with the application's converters, as Spring MVC uses them.
	 * @param messageConverters the converters
	 * @return the body bytes
	 * @throws IllegalArgumentException when no converter writes the JSON value
	 * @since 0.1.0
	 */
	public byte[] body(List<HttpMessageConverter<?>> messageConverters) {
		Assert.notNull(messageConverters, "'messageConverters' must not be null");
		if (this.json == null) {
			return this.body.clone();
		}
		return MessageConversion.writeJson(this.json, messageConverters, new HttpHeaders());
	}

	/**
	 * Return the request body without copying it, as the executor reads it. The buffer of
	 * an empty body holds nothing and is shared.
	 * @return a read-only buffer over the body
	 * @since 0.1.0
	 */
	public ByteBuffer bodyBuffer() {
		return (this.body.length != 0) ? ByteBuffer.wrap(this.body).asReadOnlyBuffer() : NO_BODY;
	}

	/**
	 * Return the user the child was given to run as, if any; authentication is then
	 * skipped for the child: it does not see the {@code Authorization} and
	 * {@code Proxy-Authorization} headers it carries.
	 * @return the user or {@code null}
	 * @see #identity()
	 */
	public @Nullable Principal user() {
		return this.user;
	}

	/**
	 * Return how the child's user is chosen.
	 * @return the identity rule
	 * @since 0.1.0
	 */
	public Identity identity() {
		return this.identity;
	}

	/**
	 * Return the caller's data, readable by modules and handlers through
	 * {@link ChildRequestExecutor#currentChildRequest}.
	 * @return the user data or {@code null}
	 */
	public @Nullable Object userData() {
		return this.userData;
	}

	/**
	 * Return the execution flags.
	 * @return the read-only flags
	 */
	public Set<ExecuteFlag> flags() {
		return this.flags;
	}

	/**
	 * Return whether a flag is set.
	 * @param flag the flag
	 * @return whether it is set
	 */
	public boolean hasFlag(ExecuteFlag flag) {
		return this.flags.contains(flag);
	}

	/**
	 * Return how long the child may take, or {@code null} for the configured default.
	 * @return the timeout or {@code null}
	 */
	public @Nullable Duration timeout() {
		return this.timeout;
	}

	/**
	 * Return the client of the request this one was copied {@link #from} (its remote
	 * address, host and port), which the child reports as its own. {@code null} for a
	 * request built otherwise: the child then reports its parent's client, or the
	 * loopback address when it has no parent.
	 * @return the client or {@code null}
	 */
	public @Nullable RemoteClient remoteClient() {
		return this.remoteClient;
	}

	/**
	 * Return a builder that starts from a copy of this request.
	 * @return a builder
	 */
	public Builder mutate() {
		Builder builder = new Builder(this.method, this.path.value());
		// Shared until the builder changes a header: items of a batch that add none share
		// their batch's
		builder.shared = this.headers;
		builder.body = this.body;
		builder.json = this.json;
		builder.user = this.user;
		builder.anonymous = this.identity == Identity.ANONYMOUS;
		builder.credentials = this.identity == Identity.CREDENTIALS;
		builder.userData = this.userData;
		builder.flags.addAll(this.flags);
		builder.timeout = this.timeout;
		builder.remoteClient = this.remoteClient;
		return builder;
	}

	@Override
	public String toString() {
		return "ChildRequest[" + this.method + " " + this.path + ", flags=" + this.flags + ", identity=" + this.identity
				+ "]";
	}

	/**
	 * Builds a {@link ChildRequest}.
	 */
	public static final class Builder {

		private String method;

		private String path;

		private HttpHeaders headers = new HttpHeaders();

		/**
		 * The read-only headers of the request this builder was mutated from, while no
		 * header was changed; {@link #headers} is empty meanwhile.
		 */
		private @Nullable HttpHeaders shared;

		private byte[] body = new byte[0];

		private @Nullable Object json;

		private @Nullable Principal user;

		private boolean anonymous;

		private boolean credentials;

		private @Nullable Object userData;

		private final Set<ExecuteFlag> flags = EnumSet.noneOf(ExecuteFlag.class);

		private @Nullable Duration timeout;

		private @Nullable RemoteClient remoteClient;

		private Builder(String method, String path) {
			this.method = method;
			this.path = path;
		}

		/**
		 * Set the HTTP method.
		 * @param method the method, such as {@code POST}
		 * @return this builder
		 */
		public Builder method(String method) {
			this.method = method;
			return this;
		}

		/**
		 * Set the path within the application, with an optional query.
		 * @param path the path
		 * @return this builder
		 */
		public Builder path(String path) {
			this.path = path;
			return this;
		}

		/**
		 * Add a header value.
		 * @param name the header name
		 * @param value the value
		 * @return this builder
		 */
		public Builder header(String name, String value) {
			writableHeaders().add(name, value);
			return this;
		}

		/**
		 * Replace the values of a header; no values removes it.
		 * @param name the header name
		 * @param values the values
		 * @return this builder
		 */
		public Builder setHeader(String name, String... values) {
			HttpHeaders headers = writableHeaders();
			headers.remove(name);
			for (String value : values) {
				headers.add(name, value);
			}
			return this;
		}

		private HttpHeaders writableHeaders() {
			HttpHeaders shared = this.shared;
			if (shared != null) {
				this.headers = HttpHeaders.copyOf(shared);
				this.shared = null;
			}
			return this.headers;
		}

		/**
		 * Set the body.
		 * @param body the body bytes
		 * @return this builder
		 */
		public Builder body(byte[] body) {
			Assert.notNull(body, "'body' must not be null");
			this.body = body.clone();
			this.json = null;
			return this;
		}

		/**
		 * Set the body as UTF-8 text.
		 * @param body the body text
		 * @return this builder
		 */
		public Builder body(String body) {
			Assert.notNull(body, "'body' must not be null");
			this.body = body.getBytes(StandardCharsets.UTF_8);
			this.json = null;
			return this;
		}

		/**
		 * Set a value as the body, written as JSON with the application's
		 * {@code HttpMessageConverter}s (so its Jackson configuration) when the child is
		 * executed, and {@code Content-Type: application/json}. Replaces any body set
		 * before.
		 * @param value the value, such as a record
		 * @return this builder
		 * @since 0.1.0
		 */
		public Builder json(Object value) {
			Assert.notNull(value, "'value' must not be null");
			this.json = value;
			this.body = new byte[0];
			writableHeaders().setContentType(MediaType.APPLICATION_JSON);
			return this;
		}

		/**
		 * Set a form as the body, encoded as {@code application/x-www-form-urlencoded} in
		 * UTF-8 by Spring's {@code FormHttpMessageConverter}, which also sets the
		 * {@code Content-Type}; the child's handler reads it as request parameters.
		 * Replaces any body set before.
		 * @param form the form fields
		 * @return this builder
		 * @since 0.1.0
		 */
		public Builder form(MultiValueMap<String, String> form) {
			Assert.notNull(form, "'form' must not be null");
			HttpHeaders written = new HttpHeaders();
			this.body = MessageConversion.writeForm(form, written);
			this.json = null;
			writableHeaders().setContentType(written.getContentType());
			return this;
		}

		/**
		 * Run the child as exactly this user ({@link Identity#GIVEN}), whatever the
		 * session or the headers it carries hold: authentication (Spring Security's
		 * authentication filters and {@code AUTHENTICATE_REQUEST}) is skipped for the
		 * child, and the user is its principal, for Spring Security's authorization too:
		 * a Spring Security {@code Authentication} with its authorities, any other
		 * {@code Principal} as an authenticated user with no authorities. The
		 * {@code Authorization} and {@code Proxy-Authorization} headers it carries are
		 * left out of the child, and Spring Security sees this user in the shared HTTP
		 * session too; cookies, and so the session's other attributes, stay.
		 * @param user the user, or {@code null} for the default rule
		 * @return this builder
		 * @see #anonymous()
		 */
		public Builder user(@Nullable Principal user) {
			this.user = user;
			if (user != null) {
				this.anonymous = false;
			}
			return this;
		}

		/**
		 * Run the child with no user at all ({@link Identity#ANONYMOUS}), even when the
		 * shared HTTP session holds one or the parent has one: authentication is skipped
		 * for the child, the credentials it carries are left out as for {@link #user},
		 * and Spring Security sees an anonymous user, in the session too.
		 * @return this builder
		 * @since 0.1.0
		 */
		public Builder anonymous() {
			this.anonymous = true;
			this.user = null;
			return this;
		}

		private Identity identity() {
			if (this.user != null) {
				return Identity.GIVEN;
			}
			if (this.anonymous) {
				return Identity.ANONYMOUS;
			}
			// Credentials copied from a live request, or given: the child authenticates
			// itself from them, as the network would
			HttpHeaders headers = (this.shared != null) ? this.shared : this.headers;
			return (this.credentials || headers.containsHeader(HttpHeaders.AUTHORIZATION)) ? Identity.CREDENTIALS
					: Identity.PARENT;
		}

		/**
		 * Attach the caller's data, readable by modules and handlers through
		 * {@link ChildRequestExecutor#currentChildRequest}.
		 * @param userData any object
		 * @return this builder
		 */
		public Builder userData(@Nullable Object userData) {
			this.userData = userData;
			return this;
		}

		/**
		 * Add execution flags.
		 * @param flags the flags
		 * @return this builder
		 */
		public Builder flags(ExecuteFlag... flags) {
			Collections.addAll(this.flags, flags);
			return this;
		}

		/**
		 * Set how long the child may take, counted from when it is issued: for
		 * {@code executeAsync} and {@code executeAll}, time spent waiting for a thread
		 * included; for {@code execute}, which runs the child on its caller's thread, the
		 * timeout can only end it once it went asynchronous. Beyond it, an asynchronous
		 * child's async listeners are told first (Spring MVC then answers its timeout
		 * status, 503); a child still queued or running, or one nobody answered, fails
		 * with {@link ChildRequestException.Reason#TIMEOUT}. A handler's own shorter
		 * timeout (a {@code DeferredResult}'s) is honoured too.
		 * @param timeout the timeout, positive
		 * @return this builder
		 */
		public Builder timeout(@Nullable Duration timeout) {
			Assert.isTrue(timeout == null || (!timeout.isNegative() && !timeout.isZero()),
					"'timeout' must be positive");
			this.timeout = timeout;
			return this;
		}

		/**
		 * Validate and build the request.
		 * @return the request
		 * @throws IllegalArgumentException for an unknown method, a path that is not a
		 * clean path within the application (absolute URL, traversal, control characters,
		 * a fragment) or a header with CR or LF
		 */
		public ChildRequest build() {
			validateMethod(this.method);
			validatePath(this.path);
			// Shared headers were checked when the request they belong to was built; the
			// builder's own are empty meanwhile
			if (this.shared == null) {
				this.headers.forEach(Builder::validateHeader);
			}
			return new ChildRequest(this);
		}

		private static void validateMethod(@Nullable String method) {
			if (method == null || !METHODS.contains(method)) {
				throw new IllegalArgumentException(
						"Unknown HTTP method '" + method + "' for a child request; expected one of " + METHODS);
			}
		}

		private static void validateHeader(String name, java.util.List<String> values) {
			if (name.isEmpty() || !isToken(name)) {
				throw new IllegalArgumentException("Invalid header name '" + escape(name) + "' for a child request");
			}
			for (String value : values) {
				if (value == null || value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\0') >= 0) {
					throw new IllegalArgumentException(
							"Header '" + name + "' of a child request must not contain CR, LF or NUL");
				}
			}
		}

		private static boolean isToken(String name) {
			for (int i = 0; i < name.length(); i++) {
				char c = name.charAt(i);
				if (c <= 32 || c >= 127 || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
					return false;
				}
			}
			return true;
		}

		private static String escape(String text) {
			return text.replace("\r", "\\r").replace("\n", "\\n");
		}

	}

	/**
	 * How the user of a child request is chosen: the rule IIS follows for a cloned
	 * context. Whichever it is, authorization (Spring Security's
	 * {@code AuthorizationFilter}, {@code AUTHORIZE_REQUEST}) runs for the child as for
	 * any request; only authentication differs.
	 *
	 * @since 0.1.0
	 */
	public enum Identity {

		/**
		 * The default: within a request, the child runs as its parent's user, the one the
		 * parent's own pipeline established so far (Spring Security's
		 * {@code Authentication} with its authorities, or the user a module set at
		 * {@code AUTHENTICATE_REQUEST}); authentication is skipped for the child. With no
		 * parent request, or a parent with no user, the child is anonymous.
		 */
		PARENT,

		/**
		 * Exactly the user given with {@link Builder#user}, whatever the session or the
		 * headers hold; authentication is skipped for the child.
		 */
		GIVEN,

		/**
		 * No user at all, given with {@link Builder#anonymous()}, even when the shared
		 * session holds one; authentication is skipped for the child.
		 */
		ANONYMOUS,

		/**
		 * The child authenticates itself from the credentials it carries, as the same
		 * request from the network would: a request built {@link ChildRequest#from} a
		 * live request (which copies its headers, cookies included), or one given an
		 * {@code Authorization} header.
		 */
		CREDENTIALS

	}

	/**
	 * The client a request came from, as its servlet request reports it (after any
	 * forwarded-header handling the application configured). A child reports it as its
	 * remote address, so that rules on the client's address apply to the child as they do
	 * to its parent.
	 *
	 * @param address the remote IP address
	 * @param host the remote host name, or the address when it is not resolved
	 * @param port the remote port
	 */
	public record RemoteClient(String address, String host, int port) {

		/**
		 * Create a client.
		 * @param address the remote IP address
		 * @param host the remote host name
		 * @param port the remote port
		 */
		public RemoteClient {
			Assert.notNull(address, "'address' must not be null");
			Assert.notNull(host, "'host' must not be null");
		}

	}

	/**
	 * Return whether a path is one a child request accepts: a clean path within the
	 * application, with an optional query, as {@link Builder#build()} checks it. It
	 * starts with a single {@code /}, names no scheme or host, has no fragment
	 * ({@code #}), no whitespace or control characters, no backslash, no encoded slash or
	 * backslash ({@code %2F}, {@code %5C}, however often encoded), no {@code .} or
	 * {@code ..} segment (encoded or not), no {@code %} that starts no escape of two
	 * ASCII hexadecimal digits and no escapes that are not valid UTF-8 (Tomcat and Jetty
	 * answer 400 to a bad escape, and to escapes that are not UTF-8). Path parameters
	 * ({@code ;x=1}) and a literal {@code %} written {@code %25} are allowed; the query
	 * is not checked. A container may refuse more: Jetty refuses an empty segment
	 * ({@code //}) or an encoded {@code %}, and a child it refuses is answered 400 when
	 * executed, as the network is.
	 * <p>
	 * For a module or a controller that must tell whether a path it made is one the
	 * application would serve the same way as from the network (URL rewrite refuses a
	 * rewritten URL that is not), without building a request; it never throws, and a
	 * plain path costs one pass over its characters.
	 * @param path the path with an optional query, or {@code null}
	 * @return {@code true} when a child request accepts it
	 * @since 0.1.0
	 */
	public static boolean isValidPath(@Nullable String path) {
		return pathProblem(path) == null;
	}

	/**
	 * Check that a child path is a clean path within the application, as
	 * {@link #isValidPath(String)} says.
	 * @param path the path with an optional query
	 * @throws IllegalArgumentException when it is not, saying why
	 */
	static void validatePath(@Nullable String path) {
		String problem = pathProblem(path);
		if (problem != null) {
			throw new IllegalArgumentException(problem);
		}
	}

	/**
	 * Return what makes a path one a child request refuses, without throwing.
	 * @param path the path with an optional query
	 * @return the message of the refusal, or {@code null} for a clean path
	 */
	private static @Nullable String pathProblem(@Nullable String path) {
		if (path == null || path.isEmpty()) {
			return "A child request needs a path";
		}
		boolean escaped = false;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c < 32 || c == 127 || c == ' ') {
				return "Child request path '" + Builder.escape(path)
						+ "' must not contain whitespace or control characters";
			}
			escaped |= (c == '%');
		}
		if (path.indexOf('#') >= 0) {
			return "Child request path '" + path
					+ "' must not contain a fragment ('#'): a request from the network never carries one";
		}
		if (path.charAt(0) != '/' || path.startsWith("//")) {
			return "Child request path '" + path
					+ "' must be a path within the application starting with a single '/': a child never leaves the process";
		}
		String pathOnly = path.substring(0, RequestPath.pathEnd(path));
		String decoded = pathOnly;
		if (escaped && pathOnly.indexOf('%') >= 0) {
			// Decoded once as the container decodes it: a '%' that starts no escape is
			// refused, as Tomcat refuses it
			if (hasLonePercent(pathOnly)) {
				return "Child request path '" + path + "' is not properly encoded";
			}
			if (!isUtf8(pathOnly)) {
				// Refused as Tomcat and Jetty refuse it, rather than decoded with
				// replacement characters
				return "Child request path '" + path + "' has escapes that are not valid UTF-8";
			}
			decoded = URLDecoder.decode(pathOnly.replace("+", "%2B"), StandardCharsets.UTF_8);
			if (hasEncodedSeparator(pathOnly)) {
				return encodedSeparator(path);
			}
			// Then again while anything decodes, in case a component downstream decodes
			// once more; a literal '%' (from %25) that starts no escape stays as it is
			for (int round = 0; round < 8 && hasEscape(decoded); round++) {
				if (hasEncodedSeparator(decoded)) {
					return encodedSeparator(path);
				}
				decoded = URLDecoder.decode(escapeLonePercents(decoded).replace("+", "%2B"), StandardCharsets.UTF_8);
			}
			if (hasEscape(decoded)) {
				return "Child request path '" + path + "' is encoded too many times";
			}
		}
		if (decoded.indexOf('\\') >= 0 || decoded.indexOf('\0') >= 0
				|| decoded.indexOf(';') >= 0 && decoded.contains("..")) {
			return "Child request path '" + path + "' contains a forbidden character";
		}
		if (hasDotSegment(decoded)) {
			return "Child request path '" + path + "' must not traverse ('.' or '..')";
		}
		if (decoded != pathOnly && !decoded.equals(pathOnly) && decoded.contains("//")) {
			return "Child request path '" + path + "' contains an encoded slash";
		}
		return null;
	}

	/**
	 * Return whether a segment is {@code .} or {@code ..}, alone or with path parameters
	 * ({@code ..;x}), without splitting the path.
	 */
	private static boolean hasDotSegment(String path) {
		int start = 0;
		while (start <= path.length()) {
			int end = path.indexOf('/', start);
			if (end < 0) {
				end = path.length();
			}
			int length = end - start;
			if (length > 0 && path.charAt(start) == '.') {
				int dots = (length > 1 && path.charAt(start + 1) == '.') ? 2 : 1;
				if (length == dots || path.charAt(start + dots) == ';') {
					return true;
				}
			}
			start = end + 1;
		}
		return false;
	}

	private static String encodedSeparator(String path) {
		// Refused as Tomcat and Spring Security's firewall refuse them: a decoded
		// separator would make the child's path mean something else than it says
		return "Child request path '" + path + "' contains an encoded slash or backslash (%2F, %5C), which is refused";
	}

	/**
	 * Return whether a {@code %} starts no escape of two hexadecimal digits, which
	 * {@link URLDecoder} would refuse with an exception.
	 */
	private static boolean hasLonePercent(String path) {
		for (int i = path.indexOf('%'); i >= 0; i = path.indexOf('%', i + 1)) {
			if (!(i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2)))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return whether the escapes of a path decode to valid UTF-8, as the containers
	 * require of a request URI. Only for a path whose every {@code %} starts two ASCII
	 * hexadecimal digits, which {@link #hasLonePercent(String)} checks first.
	 */
	private static boolean isUtf8(String path) {
		byte[] bytes = new byte[path.length()];
		int length = 0;
		boolean nonAscii = false;
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c == '%') {
				int b = Character.digit(path.charAt(i + 1), 16) * 16 + Character.digit(path.charAt(i + 2), 16);
				nonAscii |= b >= 0x80;
				bytes[length++] = (byte) b;
				i += 2;
			}
			else if (c < 0x80) {
				bytes[length++] = (byte) c;
			}
			else {
				// Characters as given are not escapes: only the escapes' bytes matter
				bytes[length++] = 'x';
			}
		}
		if (!nonAscii) {
			return true;
		}
		try {
			StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(bytes, 0, length));
			return true;
		}
		catch (CharacterCodingException ex) {
			return false;
		}
	}

	/**
	 * Return whether a character is an ASCII hexadecimal digit: only those make an
	 * escape, for the containers as for RFC 3986, where
	 * {@link Character#digit(char, int)} also takes full-width and other Unicode digits
	 * and letters, which a decoder downstream might decode.
	 */
	private static boolean isHex(char c) {
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
	}

	private static String escapeLonePercents(String path) {
		StringBuilder escaped = new StringBuilder(path.length() + 8);
		for (int i = 0; i < path.length(); i++) {
			char c = path.charAt(i);
			escaped.append(c);
			if (c == '%' && !(i + 2 < path.length() && isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2)))) {
				escaped.append("25");
			}
		}
		return escaped.toString();
	}

	private static boolean hasEscape(String path) {
		for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			if (isHex(path.charAt(i + 1)) && isHex(path.charAt(i + 2))) {
				return true;
			}
		}
		return false;
	}

	private static boolean hasEncodedSeparator(String path) {
		for (int i = path.indexOf('%'); i >= 0 && i + 2 < path.length(); i = path.indexOf('%', i + 1)) {
			char first = path.charAt(i + 1);
			char second = Character.toLowerCase(path.charAt(i + 2));
			if ((first == '2' && second == 'f') || (first == '5' && second == 'c')) {
				return true;
			}
		}
		return false;
	}

}
