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

package dev.integratedpipeline.modules.outputcache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.PathContainer;
import org.springframework.util.Assert;
import org.springframework.util.DigestUtils;
import org.springframework.web.util.pattern.PathPattern;

import dev.integratedpipeline.child.ExecuteFlag;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;
import dev.integratedpipeline.pipeline.ResponseRecording;
import dev.integratedpipeline.pipeline.SendResponseEvent;

/**
 * Answers {@code GET} and {@code HEAD} requests from stored responses, as IIS's
 * {@code OutputCacheModule} does: at {@code RESOLVE_REQUEST_CACHE}, once authentication
 * and authorization ran (a stored response is never served to a caller who may not see
 * the page), a stored response is written with an {@code Age} header and the request is
 * finished ({@code FINISH_REQUEST}: the handler is not invoked); a request whose
 * {@code If-None-Match} matches its {@code ETag} gets a 304. On a miss, the response is
 * recorded, and at {@code UPDATE_REQUEST_CACHE} stored when eligible: status 200, no
 * {@code Set-Cookie}, no {@code Cache-Control: no-store} or {@code private} set by the
 * handler (Spring Security's default cache headers are written outside what is recorded,
 * so they do not count, and a served hit gets them again), content within
 * {@code maxEntryBytes}. A {@code HEAD} is served from the {@code GET} entry and never
 * stored.
 * <p>
 * Which requests are cached, for how long and under which key is said by the
 * {@link OutputCachePolicy policies}; the first that matches applies. A request with a
 * user or an {@code Authorization} header is cached only under a policy that varies by
 * user. Concurrent misses for one key run the handler once: the others wait for it (at
 * most {@code lockTimeout}, then run it themselves) and are served what it stored. The
 * lock is per instance of the application. A successful {@code POST}, {@code PUT},
 * {@code PATCH} or {@code DELETE} evicts the entries of its path as its response is
 * committed. A response is stored right after it was sent: another instance sharing the
 * store may miss it for that moment.
 * <p>
 * Child requests bypass the cache unless executed with
 * {@link ExecuteFlag#HTTP_CACHE_ELIGIBLE} (caching is disabled for child requests by
 * default, as in IIS); with it, a child reads and fills the cache under the same
 * policies.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class OutputCacheModule implements PipelineModule, Ordered {

	/**
	 * The order of the module: early, so that a hit skips the other modules'
	 * {@code RESOLVE_REQUEST_CACHE}, but after {@code HIGHEST_PRECEDENCE} modules such as
	 * request filtering.
	 */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1000;

	private static final String STATE = OutputCacheModule.class.getName() + ".miss";

	private static final int MAX_REMEMBERED_PATHS = 256;

	private static final int MAX_REMEMBERED_PATH = 256;

	private static final Set<String> UNSAFE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

	// Set by the container or recomputed when served, never replayed
	private static final Set<String> UNSTORED_HEADERS = Set.of("content-length", "transfer-encoding", "connection",
			"date", "age", "keep-alive");

	private final List<CompiledPolicy> policies;

	private final OutputCacheStore store;

	private final int maxEntryBytes;

	private final Duration lockTimeout;

	private final Consumer<OutputCacheResult> listener;

	private final Map<String, CountDownLatch> locks = new ConcurrentHashMap<>();

	/**
	 * What is known of each path seen: its policy, so that a path is parsed and matched
	 * once rather than on every request (the policies never change), and the keys built
	 * from it, so that a hit builds none.
	 */
	private final Map<String, KnownPath> knownPaths = new ConcurrentHashMap<>();

	/**
	 * Create a module.
	 * @param policies the policies, the first match applies
	 * @param store where the responses are stored
	 * @param maxEntryBytes the largest content stored
	 * @param lockTimeout how long concurrent misses wait for the first one
	 * @param listener told what happened to each request a policy matched, on its thread
	 * (a counter)
	 */
	public OutputCacheModule(List<OutputCachePolicy> policies, OutputCacheStore store, int maxEntryBytes,
			Duration lockTimeout, Consumer<OutputCacheResult> listener) {
		Assert.notNull(policies, "'policies' must not be null");
		Assert.notNull(store, "'store' must not be null");
		Assert.isTrue(maxEntryBytes >= 0, "'maxEntryBytes' must not be negative");
		Assert.notNull(lockTimeout, "'lockTimeout' must not be null");
		Assert.notNull(listener, "'listener' must not be null");
		this.policies = policies.stream().map((policy) -> new CompiledPolicy(policy, policy.pattern())).toList();
		this.store = store;
		this.maxEntryBytes = maxEntryBytes;
		this.lockTimeout = lockTimeout;
		this.listener = listener;
	}

	/**
	 * Return the store; it evicts by path and tag and clears.
	 * @return the store
	 */
	public OutputCacheStore store() {
		return this.store;
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	/**
	 * Serve a stored response, or wait for a concurrent miss, or record the response.
	 */
	@Override
	public NotificationStatus onResolveRequestCache(PipelineContext context) {
		HttpServletRequest request = context.request();
		String method = request.getMethod();
		boolean head = "HEAD".equals(method);
		if (!head && !"GET".equals(method)) {
			return NotificationStatus.CONTINUE;
		}
		String path = path(request);
		KnownPath known = known(path);
		OutputCachePolicy policy = policy(known);
		if (policy == null) {
			return NotificationStatus.CONTINUE;
		}
		if (context.depth() > 0 && !context.executeFlags().contains(ExecuteFlag.HTTP_CACHE_ELIGIBLE)) {
			this.listener.accept(OutputCacheResult.BYPASS);
			return NotificationStatus.CONTINUE;
		}
		Principal user = context.user();
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if ((user != null || authorization != null) && !policy.varyByUser()) {
			this.listener.accept(OutputCacheResult.BYPASS);
			return NotificationStatus.CONTINUE;
		}
		String key = key(policy, request, known, user, authorization);
		CachedResponse cached = this.store.get(key, System.currentTimeMillis());
		if (cached != null && !cached.fits(request)) {
			// Another variant of a response that varies by request headers: each variant
			// but the first stored has a key of its own, so that they neither replace
			// one another nor wait for one another's misses
			key = variantKey(key, cached, request);
			cached = this.store.get(key, System.currentTimeMillis());
		}
		if (cached != null && cached.fits(request)) {
			return serve(context, cached, head);
		}
		if (head) {
			// A HEAD response has no content to store: served from GET entries only
			this.listener.accept(OutputCacheResult.MISS);
			return NotificationStatus.CONTINUE;
		}
		CountDownLatch lock = new CountDownLatch(1);
		CountDownLatch held = this.locks.putIfAbsent(key, lock);
		if (held != null) {
			cached = awaitConcurrentMiss(held, key);
			if (cached != null && cached.fits(request)) {
				return serve(context, cached, false);
			}
			lock = null;
		}
		this.listener.accept(OutputCacheResult.MISS);
		ResponseRecording recording = context.recordResponse(this.maxEntryBytes);
		// The tags' versions as the response starts, not once it is done: a tag evicted
		// while the response was made evicts it too
		context.state().put(STATE, new Miss(key, policy, this.store.tagVersions(policy.tags()), recording, lock));
		return NotificationStatus.CONTINUE;
	}

	private @Nullable CachedResponse awaitConcurrentMiss(CountDownLatch held, String key) {
		try {
			if (!held.await(this.lockTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
				return null;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
		return this.store.get(key, System.currentTimeMillis());
	}

	/**
	 * Store an eligible response of a miss, once the handler ran (the client may already
	 * have received it); concurrent misses waiting for it are then served.
	 */
	@Override
	public NotificationStatus onUpdateRequestCache(PipelineContext context) {
		Miss miss = (Miss) context.state().remove(STATE);
		if (miss != null) {
			try {
				store(context, miss);
			}
			finally {
				release(miss);
			}
			return NotificationStatus.CONTINUE;
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Evict the path of a successful unsafe request as its response is committed, before
	 * the client can read it and ask for the page again.
	 */
	@Override
	public NotificationStatus onSendResponse(PipelineContext context, SendResponseEvent event) {
		int status = event.status();
		HttpServletRequest request = context.request();
		if (status >= 200 && status < 300 && UNSAFE_METHODS.contains(request.getMethod())) {
			String path = path(request);
			if (policy(known(path)) != null) {
				this.store.evictPath(path);
			}
		}
		return NotificationStatus.CONTINUE;
	}

	/**
	 * Release the lock of a miss whose request ended before {@code UPDATE_REQUEST_CACHE}
	 * (an error, a module that finished it).
	 */
	@Override
	public NotificationStatus onEndRequest(PipelineContext context) {
		Miss miss = (Miss) context.state().remove(STATE);
		if (miss != null) {
			release(miss);
		}
		return NotificationStatus.CONTINUE;
	}

	private void release(Miss miss) {
		CountDownLatch lock = miss.lock();
		if (lock != null) {
			this.locks.remove(miss.key(), lock);
			lock.countDown();
		}
	}

	private void store(PipelineContext context, Miss miss) {
		HttpServletResponse response = context.response();
		if (context.error() != null || response.getStatus() != HttpServletResponse.SC_OK
				|| !response.getHeaders(HttpHeaders.SET_COOKIE).isEmpty()) {
			return;
		}
		ResponseRecording recording = miss.recording();
		HttpHeaders recorded = recording.headers();
		if (recorded.containsHeader(HttpHeaders.SET_COOKIE) || forbidsStoring(recorded)) {
			return;
		}
		Map<String, List<String>> varying = varying(recorded, context.request());
		if (varying == null) {
			return;
		}
		byte[] content = recording.content();
		if (content == null) {
			return;
		}
		Map<String, List<String>> headers = new LinkedHashMap<>();
		recorded.forEach((name, values) -> {
			if (!UNSTORED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
				headers.put(name, List.copyOf(values));
			}
		});
		String contentType = response.getContentType();
		if (contentType != null && !recorded.containsHeader(HttpHeaders.CONTENT_TYPE)) {
			headers.put(HttpHeaders.CONTENT_TYPE, List.of(contentType));
		}
		String etag = recorded.getETag();
		if (etag == null) {
			etag = "\"" + DigestUtils.md5DigestAsHex(content) + "\"";
			headers.put(HttpHeaders.ETAG, List.of(etag));
		}
		long now = System.currentTimeMillis();
		OutputCachePolicy policy = miss.policy();
		CachedResponse cached = new CachedResponse(HttpServletResponse.SC_OK, Map.copyOf(headers), content, etag, now,
				now + policy.duration().toMillis(), miss.tagVersions(), varying);
		this.store.put(miss.key(), cached);
		this.listener.accept(OutputCacheResult.STORE);
	}

	/**
	 * Return the request headers a response varies by, each with the request's values, so
	 * that the entry is served only to requests that send the same (a response in JSON or
	 * XML by {@code Accept}, with CORS headers for one {@code Origin}), or {@code null}
	 * for {@code Vary: *}, which no request can be known to fit.
	 */
	private static @Nullable Map<String, List<String>> varying(HttpHeaders recorded, HttpServletRequest request) {
		List<String> vary = recorded.getOrEmpty(HttpHeaders.VARY);
		if (vary.isEmpty()) {
			return Map.of();
		}
		Map<String, List<String>> varying = new LinkedHashMap<>();
		for (String value : vary) {
			for (String name : value.split(",")) {
				String header = name.trim().toLowerCase(Locale.ROOT);
				if (header.equals("*")) {
					return null;
				}
				if (!header.isEmpty()) {
					varying.put(header, CachedResponse.values(request, header));
				}
			}
		}
		return Map.copyOf(varying);
	}

	private static boolean forbidsStoring(HttpHeaders headers) {
		for (String value : headers.getOrEmpty(HttpHeaders.CACHE_CONTROL)) {
			String directives = value.toLowerCase(Locale.ROOT);
			if (directives.contains("no-store") || directives.contains("private")) {
				return true;
			}
		}
		return false;
	}

	private NotificationStatus serve(PipelineContext context, CachedResponse cached, boolean head) {
		HttpServletResponse response = context.response();
		if (response.isCommitted()) {
			// Something upstream already answered: leave the request to it
			return NotificationStatus.CONTINUE;
		}
		this.listener.accept(OutputCacheResult.HIT);
		long age = Math.max(0, (System.currentTimeMillis() - cached.storedAt()) / 1000);
		HttpServletRequest request = context.request();
		// Most requests have no If-None-Match: no enumeration to walk
		if (request.getHeader(HttpHeaders.IF_NONE_MATCH) != null
				&& matches(request.getHeaders(HttpHeaders.IF_NONE_MATCH), cached.etag())) {
			response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
			response.setHeader(HttpHeaders.ETAG, cached.etag());
			for (String name : List.of(HttpHeaders.CACHE_CONTROL, HttpHeaders.EXPIRES, HttpHeaders.VARY)) {
				List<String> values = header(cached, name);
				if (values != null) {
					values.forEach((value) -> response.addHeader(name, value));
				}
			}
			response.setHeader(HttpHeaders.AGE, Long.toString(age));
			return NotificationStatus.FINISH_REQUEST;
		}
		response.setStatus(cached.status());
		// Loops rather than lambdas: nothing captured, nothing allocated per header
		for (Map.Entry<String, List<String>> header : cached.headers().entrySet()) {
			String name = header.getKey();
			List<String> values = header.getValue();
			if (HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				response.setContentType(values.get(0));
			}
			else {
				for (int i = 0; i < values.size(); i++) {
					response.addHeader(name, values.get(i));
				}
			}
		}
		response.setHeader(HttpHeaders.AGE, Long.toString(age));
		response.setContentLength(cached.content().length);
		if (!head) {
			try {
				response.getOutputStream().write(cached.content());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return NotificationStatus.FINISH_REQUEST;
	}

	private static @Nullable List<String> header(CachedResponse cached, String name) {
		for (Map.Entry<String, List<String>> header : cached.headers().entrySet()) {
			if (header.getKey().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

	private static boolean matches(java.util.Enumeration<String> ifNoneMatch, String etag) {
		String opaque = opaque(etag);
		while (ifNoneMatch.hasMoreElements()) {
			for (String candidate : ifNoneMatch.nextElement().split(",")) {
				String tag = candidate.trim();
				if (tag.equals("*") || opaque(tag).equals(opaque)) {
					return true;
				}
			}
		}
		return false;
	}

	private static String opaque(String etag) {
		// If-None-Match compares weakly: W/"x" matches "x"
		return etag.startsWith("W/") ? etag.substring(2) : etag;
	}

	private KnownPath known(String path) {
		KnownPath known = this.knownPaths.get(path);
		if (known == null) {
			known = new KnownPath(path, this.policies.isEmpty() ? -1 : matchPolicy(path));
			// Bounded: past it (or for a long path) the path is parsed every time
			if (path.length() <= MAX_REMEMBERED_PATH && this.knownPaths.size() < MAX_REMEMBERED_PATHS) {
				this.knownPaths.put(path, known);
			}
		}
		return known;
	}

	private @Nullable OutputCachePolicy policy(KnownPath known) {
		return (known.policy() >= 0) ? this.policies.get(known.policy()).policy() : null;
	}

	private int matchPolicy(String path) {
		PathContainer container = PathContainer.parsePath(path);
		for (int i = 0; i < this.policies.size(); i++) {
			if (this.policies.get(i).pattern().matches(container)) {
				return i;
			}
		}
		return -1;
	}

	private static String path(HttpServletRequest request) {
		String uri = request.getRequestURI();
		String contextPath = request.getContextPath();
		return (!contextPath.isEmpty() && uri.startsWith(contextPath)) ? uri.substring(contextPath.length()) : uri;
	}

	private String key(OutputCachePolicy policy, HttpServletRequest request, KnownPath known, @Nullable Principal user,
			@Nullable String authorization) {
		boolean varyByQuery = policy.varyByAllQuery() || !policy.varyByQuery().isEmpty();
		// The store's own key, starting with the path's current version and the scheme
		// and host the request was sent to (the handler may build absolute links from its
		// host, or serve another tenant there), not its port: instances of the
		// application on other ports share a store's entries. Built once per version and
		// host of a known path
		String start = known.keyStart(this.store.version(known.versionKey()), request.getScheme(),
				request.getServerName(), varyByQuery);
		// A GET or HEAD has parameters only from its query: without one, nothing to
		// parse and sort
		boolean byQuery = varyByQuery && request.getQueryString() != null;
		if (!byQuery && policy.varyByHeaders().isEmpty() && !policy.varyByUser()) {
			return start;
		}
		StringBuilder key = new StringBuilder(start.length() + 64).append(start);
		if (byQuery) {
			new TreeMap<>(request.getParameterMap()).forEach((name, values) -> {
				if (policy.varyByAllQuery() || policy.varyByQuery().contains(name)) {
					key.append(escape(name)).append('=').append(joined(Arrays.asList(values))).append('&');
				}
			});
		}
		for (String header : policy.varyByHeaders()) {
			List<String> values = new ArrayList<>();
			request.getHeaders(header).asIterator().forEachRemaining(values::add);
			key.append("|h:").append(escape(header.toLowerCase(Locale.ROOT))).append('=').append(joined(values));
		}
		if (policy.varyByUser()) {
			key.append("|u:");
			if (user != null) {
				key.append(escape(user.getName()));
			}
			else if (authorization != null) {
				// No user established, but the handler may read the credentials itself:
				// never share the entry, never keep the credentials in a key
				key.append("authorization:").append(sha256(authorization));
			}
		}
		return key.toString();
	}

	/**
	 * Return the key of the variant of a stored response that a request asks for: the
	 * stored response's key followed by the request's values of the headers that response
	 * varies by.
	 */
	private static String variantKey(String key, CachedResponse stored, HttpServletRequest request) {
		StringBuilder variant = new StringBuilder(key).append("|v:");
		Map<String, List<String>> varying = stored.varying();
		if (varying != null) {
			varying.keySet()
				.stream()
				.sorted()
				.forEach((header) -> variant.append(escape(header))
					.append('=')
					.append(joined(CachedResponse.values(request, header)))
					.append('&'));
		}
		return variant.toString();
	}

	private static String joined(List<String> values) {
		StringBuilder joined = new StringBuilder();
		for (String value : values) {
			if (!joined.isEmpty()) {
				joined.append(',');
			}
			joined.append(escape(value));
		}
		return joined.toString();
	}

	private static String escape(String value) {
		// The separators of the key cannot appear inside its parts
		return value.replace("%", "%25")
			.replace("&", "%26")
			.replace("=", "%3D")
			.replace("|", "%7C")
			.replace("?", "%3F")
			.replace("#", "%23")
			.replace(",", "%2C");
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record CompiledPolicy(OutputCachePolicy policy, PathPattern pattern) {

	}

	/**
	 * A path seen: the index of its policy ({@code -1}: none), the store's key of its
	 * version and the start of its entries' keys for the version last seen.
	 */
	private static final class KnownPath {

		private final String path;

		private final int policy;

		private final String versionKey;

		private volatile @Nullable KeyStart keyStart;

		KnownPath(String path, int policy) {
			// Every spelling of the path that Spring MVC maps alike shares its entries
			this.path = OutputCacheStore.canonicalPath(path);
			this.policy = policy;
			this.versionKey = OutputCacheStore.pathKey(this.path);
		}

		int policy() {
			return this.policy;
		}

		String versionKey() {
			return this.versionKey;
		}

		/**
		 * Return how the keys of the path's entries start for a version of the path, a
		 * scheme and a host: the store's prefix, the scheme and host, the path, the
		 * version and, for a policy that varies by query, the {@code ?} its parameters
		 * follow. The last one built is kept: most paths are asked for at one host.
		 */
		String keyStart(String version, String scheme, String host, boolean varyByQuery) {
			KeyStart start = this.keyStart;
			if (start == null || !start.isFor(version, scheme, host)) {
				// The path was evicted (here, or on another instance sharing the store),
				// or is asked for at another host
				String lowerScheme = scheme.toLowerCase(Locale.ROOT);
				String lowerHost = host.toLowerCase(Locale.ROOT);
				start = new KeyStart(version, lowerScheme, lowerHost, OutputCacheStore.ENTRY_PREFIX
						+ escape(lowerScheme) + "://" + escape(lowerHost) + this.path + '#' + version);
				this.keyStart = start;
			}
			return varyByQuery ? start.withQuery() : start.key();
		}

	}

	/**
	 * The start of the keys of a path's entries for one version of the path, one scheme
	 * and one host.
	 *
	 * @param version the path's version
	 * @param scheme the scheme, lower case
	 * @param host the host, lower case
	 * @param key the start of the key
	 * @param withQuery the same followed by {@code ?}
	 */
	private record KeyStart(String version, String scheme, String host, String key, String withQuery) {

		KeyStart(String version, String scheme, String host, String key) {
			this(version, scheme, host, key, key + "?");
		}

		boolean isFor(String version, String scheme, String host) {
			// Host names are case-insensitive
			return this.version.equals(version) && this.host.equalsIgnoreCase(host)
					&& this.scheme.equalsIgnoreCase(scheme);
		}

	}

	/**
	 * A miss in progress: what to store, the versions of its policy's tags when it
	 * started, and the lock concurrent misses wait on.
	 */
	private record Miss(String key, OutputCachePolicy policy, Map<String, String> tagVersions,
			ResponseRecording recording, @Nullable CountDownLatch lock) {

	}

}
