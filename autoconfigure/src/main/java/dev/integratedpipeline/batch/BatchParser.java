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

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.RequestPath;

/**
 * Reads a batch request body into validated {@link BatchItem items}, or refuses it with a
 * {@link BatchRefusedException} naming the offending item: nothing runs before every item
 * passed.
 *
 * @author Integrated Pipeline team
 */
final class BatchParser {

	/**
	 * Headers an item never inherits from the batch request: they describe the batch
	 * request's own body and connection, or its preferences for the batch.
	 */
	static final Set<String> NOT_INHERITED = caseInsensitive(HttpHeaders.CONTENT_LENGTH, HttpHeaders.CONTENT_TYPE,
			HttpHeaders.TRANSFER_ENCODING, HttpHeaders.EXPECT, "Prefer", HttpHeaders.CONNECTION, "Keep-Alive",
			"Proxy-Connection", HttpHeaders.TE, HttpHeaders.TRAILER, HttpHeaders.UPGRADE);

	/**
	 * Headers an item may not set: the framing of a request is the executor's.
	 */
	private static final Set<String> FORBIDDEN = caseInsensitive(HttpHeaders.CONTENT_LENGTH,
			HttpHeaders.TRANSFER_ENCODING, HttpHeaders.EXPECT, HttpHeaders.CONNECTION, "Keep-Alive", "Proxy-Connection",
			HttpHeaders.TE, HttpHeaders.TRAILER, HttpHeaders.UPGRADE);

	private static final Set<String> CREDENTIALS = caseInsensitive(HttpHeaders.AUTHORIZATION,
			HttpHeaders.PROXY_AUTHORIZATION, HttpHeaders.COOKIE);

	/**
	 * Headers a proxy in front of the application sets or strips on the requests it
	 * forwards, which an item may not set: the proxy never sees an item's. Those that say
	 * where the request came from, and those that authenticating proxies and gateways
	 * (SiteMinder, which Spring Security's {@code RequestHeaderAuthenticationFilter}
	 * reads by default, oauth2-proxy, AWS ALB, Google IAP, Azure App Service, Cloudflare
	 * Access, client certificates passed on by a TLS terminator) put the user in. The
	 * application's own, if any, come with {@link BatchOptions#refusedItemHeaders()}.
	 * Names and prefixes (ending in {@code *}), lower case, as {@link #refusedHeaders}.
	 */
	private static final List<String> PROXY_HEADERS = lowerCase(
			List.of(HttpHeaders.HOST, "Forwarded", "X-Forwarded-*", "X-Real-IP", "X-Original-URL", "X-Rewrite-URL",
					"X-Client-IP", "True-Client-IP", "CF-Connecting-IP", "SM_USER", "SM_*", "Remote-User", "X-Remote-*",
					"X-Auth-Request-*", "X-Amzn-Oidc-*", "X-Goog-Authenticated-*", "X-Goog-IAP-*",
					"X-MS-Client-Principal*", "Cf-Access-*", "X-Client-Cert*", "SSL_Client_*", "X-SSL-*"));

	private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:");

	/**
	 * How many headers an item may set: as many as Tomcat reads of a request from the
	 * network ({@code maxHeaderCount}).
	 */
	private static final int MAX_ITEM_HEADERS = 100;

	private final BatchOptions options;

	private final JsonMapper mapper;

	/** Where relative item urls are resolved: the batch path up to its last slash. */
	private final String base;

	/**
	 * Names and prefixes (ending in {@code *}) of the headers the application refuses in
	 * items, lower case.
	 */
	private final List<String> refusedHeaders;

	BatchParser(BatchOptions options, JsonMapper mapper) {
		this.options = options;
		this.mapper = mapper;
		this.refusedHeaders = lowerCase(options.refusedItemHeaders());
		this.base = options.path().substring(0, options.path().lastIndexOf('/') + 1);
	}

	List<BatchItem> parse(byte[] body, HttpServletRequest request) {
		JsonNode root = readTree(body);
		JsonNode requests = root.get("requests");
		if (requests == null || !requests.isArray()) {
			throw BatchRefusedException.badRequest("A batch needs a 'requests' member that is an array");
		}
		if (requests.size() > this.options.maxRequests()) {
			throw BatchRefusedException.badRequest("A batch may hold at most " + this.options.maxRequests()
					+ " requests (integrated-pipeline.batch.max-requests); this one holds " + requests.size());
		}
		ChildRequest template = template(request);
		Map<String, Integer> ids = new HashMap<>();
		List<BatchItem> items = new ArrayList<>(requests.size());
		int index = 0;
		for (JsonNode item : requests) {
			items.add(item(item, index++, ids, template));
		}
		return items;
	}

	private JsonNode readTree(byte[] body) {
		JsonNode root;
		try {
			root = this.mapper.readTree(body);
		}
		catch (JacksonException ex) {
			throw BatchRefusedException.badRequest("The batch is not well-formed JSON: " + ex.getOriginalMessage());
		}
		if (root == null || !root.isObject()) {
			throw BatchRefusedException.badRequest("A batch must be a JSON object with a 'requests' array");
		}
		return root;
	}

	/**
	 * What every item starts from: the batch request's headers less those not inherited,
	 * and its client.
	 */
	private static ChildRequest template(HttpServletRequest request) {
		ChildRequest.Builder builder = ChildRequest.from(request);
		for (String name : NOT_INHERITED) {
			builder.setHeader(name);
		}
		// Headers the Connection header names are hop-by-hop too (RFC 9110 7.6.1), on
		// every line of it: a list header on two lines is the same list on one
		for (Enumeration<String> lines = request.getHeaders(HttpHeaders.CONNECTION); lines.hasMoreElements();) {
			for (String name : lines.nextElement().split(",")) {
				if (!name.isBlank()) {
					builder.setHeader(name.trim());
				}
			}
		}
		try {
			return builder.build();
		}
		catch (IllegalArgumentException ex) {
			throw BatchRefusedException
				.badRequest("The batch request cannot be copied into its items: " + ex.getMessage());
		}
	}

	private BatchItem item(JsonNode item, int index, Map<String, Integer> ids, ChildRequest template) {
		if (!item.isObject()) {
			throw BatchRefusedException.badItem(index, "an item must be a JSON object, not " + item.getNodeType());
		}
		JsonNode idNode = item.get("id");
		if (idNode == null || !idNode.isString() || idNode.stringValue().isEmpty()) {
			throw BatchRefusedException.badItem(index, "an item needs an 'id' that is a non-empty string");
		}
		String id = idNode.stringValue();
		if (ids.putIfAbsent(id.toLowerCase(Locale.ROOT), index) != null) {
			throw BatchRefusedException.badItem(id, index,
					"the id is used by an earlier item (ids are compared case-insensitively)");
		}
		for (String unsupported : List.of("atomicityGroup", "if")) {
			if (item.has(unsupported)) {
				throw BatchRefusedException.badItem(id, index, "'" + unsupported + "' is not supported");
			}
		}
		String method = requiredString(item, "method", id, index).toUpperCase(Locale.ROOT);
		if ("TRACE".equals(method)) {
			// Cross-site tracing: a script may not send TRACE, but could send a batch
			throw BatchRefusedException.badItem(id, index,
					"TRACE is not allowed in a batch: it would echo the headers the item inherits "
							+ "from the batch request into the response body");
		}
		String url = resolve(requiredString(item, "url", id, index), id, index);
		HttpHeaders headers = headers(item.get("headers"), id, index);
		byte[] body = body(item.get("body"), headers, id, index);
		int[] dependsOn = dependsOn(item.get("dependsOn"), ids, id, index);
		ChildRequest.Builder builder = template.mutate()
			.method(method)
			.path(url)
			.userData(BatchItem.MARKER)
			.timeout(this.options.timeout());
		if (!headers.isEmpty()) {
			// Not even iterated when empty: HttpHeaders.forEach builds a set of entries
			headers.forEach((name, values) -> builder.setHeader(name, values.toArray(String[]::new)));
		}
		if (body != null) {
			builder.body(body);
		}
		try {
			return new BatchItem(index, id, builder.build(), dependsOn);
		}
		catch (IllegalArgumentException ex) {
			throw BatchRefusedException.badItem(id, index, ex.getMessage());
		}
	}

	private static String requiredString(JsonNode item, String name, String id, int index) {
		JsonNode value = item.get(name);
		if (value == null || !value.isString() || value.stringValue().isEmpty()) {
			throw BatchRefusedException.badItem(id, index, "an item needs a '" + name + "' that is a non-empty string");
		}
		return value.stringValue();
	}

	/**
	 * Resolve an item's url against the batch endpoint's location, as Graph and OData
	 * clients send urls relative to the service root ({@code me/messages} for
	 * {@code /me/messages} with the endpoint at {@code /$batch}), and check that the
	 * result is a clean path within the application that is not the batch endpoint.
	 */
	private String resolve(String relative, String id, int index) {
		if (SCHEME.matcher(relative).lookingAt()) {
			throw BatchRefusedException.badItem(id, index,
					"the url is not a clean path within the application: an absolute URL is refused,"
							+ " a batch item never leaves the process");
		}
		String url = relative.startsWith("/") ? relative : this.base + relative;
		int refused = refusedUrlCharacter(url);
		if (refused >= 0) {
			throw BatchRefusedException.badItem(id, index, "the url holds " + describe(url.charAt(refused)) + " at "
					+ refused + ", which the container refuses in a request line from the network: encode it");
		}
		if (url.length() > this.options.maxItemUrlLength()) {
			throw BatchRefusedException.badItem(id, index,
					"the url is longer than " + this.options.maxItemUrlLength()
							+ " characters (integrated-pipeline.batch.max-item-url-length): no request line that "
							+ "long gets through from the network");
		}
		checkUrl(url, id, index);
		return url;
	}

	/**
	 * Where a url holds a character Tomcat refuses (400) in a request line from the
	 * network, path or query: anything but the printable ASCII characters of RFC 3986 and
	 * {@code %}. The checks of a child's path come after.
	 * @return its index, or -1
	 */
	private static int refusedUrlCharacter(String url) {
		for (int i = 0; i < url.length(); i++) {
			char c = url.charAt(i);
			if (c <= 0x20 || c >= 0x7F || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`'
					|| c == '{' || c == '|' || c == '}' || c == '[' || c == ']') {
				return i;
			}
		}
		return -1;
	}

	private static String describe(char c) {
		return (c > 0x20 && c < 0x7F) ? "'" + c + "'" : String.format("U+%04X", (int) c);
	}

	private void checkUrl(String url, String id, int index) {
		if (!ChildRequest.isValidPath(url)) {
			throw BatchRefusedException.badItem(id, index,
					"the url is not a clean path within the application: " + pathProblem(url));
		}
		if (isBatchPath(url)) {
			throw BatchRefusedException.badItem(id, index, "the url names the batch endpoint: batches do not nest");
		}
	}

	/**
	 * Say what is wrong with a path {@link ChildRequest#isValidPath(String)} refused, in
	 * the words of the child request's own check.
	 */
	private static String pathProblem(String url) {
		try {
			ChildRequest.get(url).build();
			return "it is refused";
		}
		catch (IllegalArgumentException ex) {
			return ex.getMessage().replace("Child request path", "path");
		}
	}

	/**
	 * Whether a clean path names the batch endpoint however it is spelled:
	 * percent-encoded, with path parameters (which Tomcat strips), repeated or trailing
	 * slashes.
	 */
	private boolean isBatchPath(String url) {
		// The path the servlet container maps, as the engine maps the item
		return withoutTrailingSlashes(RequestPath.of(url).decodedPath())
			.equals(withoutTrailingSlashes(this.options.path()));
	}

	private static String withoutTrailingSlashes(String path) {
		int end = path.length();
		while (end > 1 && path.charAt(end - 1) == '/') {
			end--;
		}
		return path.substring(0, end);
	}

	private HttpHeaders headers(@Nullable JsonNode node, String id, int index) {
		HttpHeaders headers = new HttpHeaders();
		if (node == null || node.isNull()) {
			return headers;
		}
		if (!node.isObject()) {
			throw BatchRefusedException.badItem(id, index, "'headers' must be a JSON object of strings");
		}
		if (node.size() > MAX_ITEM_HEADERS) {
			throw BatchRefusedException.badItem(id, index, "it sets " + node.size() + " headers, more than the "
					+ MAX_ITEM_HEADERS + " a request from the network may carry");
		}
		long size = 0;
		for (Map.Entry<String, JsonNode> header : node.properties()) {
			String name = header.getKey();
			JsonNode value = header.getValue();
			if (!value.isString()) {
				throw BatchRefusedException.badItem(id, index,
						"the value of header '" + name + "' must be a string, not " + value.getNodeType());
			}
			if (!isHeaderValue(value.stringValue())) {
				throw BatchRefusedException.badItem(id, index, "the value of header '" + name
						+ "' holds a control character or one above U+00FF, which no request from the network carries");
			}
			if (FORBIDDEN.contains(name)) {
				throw BatchRefusedException.badItem(id, index, "an item may not set the '" + name + "' header");
			}
			if (matches(PROXY_HEADERS, name)) {
				throw BatchRefusedException.badItem(id, index, "an item may not set the '" + name
						+ "' header: a proxy in front of the application sets it, and would never see the item's");
			}
			if (matches(this.refusedHeaders, name)) {
				throw BatchRefusedException.badItem(id, index, "an item may not set the '" + name
						+ "' header (integrated-pipeline.batch.refused-item-headers)");
			}
			if (CREDENTIALS.contains(name) && !this.options.allowItemCredentials()) {
				throw BatchRefusedException.badItem(id, index,
						"an item may not set the '" + name
								+ "' header: items authenticate with the batch request's credentials"
								+ " (integrated-pipeline.batch.allow-item-credentials)");
			}
			size += name.length() + value.stringValue().length() + 4;
			if (size > this.options.maxItemHeaderBytes()) {
				throw BatchRefusedException.badItem(id, index, "its headers exceed " + this.options.maxItemHeaderBytes()
						+ " bytes (integrated-pipeline.batch.max-item-header-bytes)");
			}
			headers.add(name, value.stringValue());
		}
		return headers;
	}

	/**
	 * Whether a header value could come from the network: Tomcat drops a header line
	 * holding a control character but tab, and reads header bytes as ISO-8859-1.
	 */
	private static boolean isHeaderValue(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if ((c < 0x20 && c != '\t') || c == 0x7F || c > 0xFF) {
				return false;
			}
		}
		return true;
	}

	private byte @Nullable [] body(@Nullable JsonNode body, HttpHeaders headers, String id, int index) {
		if (body == null || body.isNull()) {
			return null;
		}
		String contentType = headers.getFirst(HttpHeaders.CONTENT_TYPE);
		if (contentType == null) {
			throw BatchRefusedException.badItem(id, index, "an item with a 'body' needs a Content-Type header");
		}
		try {
			return BatchBodies.encode(body, contentType, this.mapper);
		}
		catch (IllegalArgumentException ex) {
			throw BatchRefusedException.badItem(id, index, ex.getMessage());
		}
	}

	private static int[] dependsOn(@Nullable JsonNode node, Map<String, Integer> ids, String id, int index) {
		if (node == null || node.isNull()) {
			return new int[0];
		}
		if (!node.isArray()) {
			throw BatchRefusedException.badItem(id, index, "'dependsOn' must be an array of ids");
		}
		int[] dependsOn = new int[node.size()];
		int i = 0;
		for (JsonNode dependency : node) {
			if (!dependency.isString()) {
				throw BatchRefusedException.badItem(id, index, "'dependsOn' must be an array of ids (strings)");
			}
			String name = dependency.stringValue();
			Integer earlier = ids.get(name.toLowerCase(Locale.ROOT));
			if (earlier == null) {
				throw BatchRefusedException.badItem(id, index, "'dependsOn' names '" + name
						+ "', which is not the id of an earlier item (an item may depend only on items before it)");
			}
			if (earlier == index) {
				throw BatchRefusedException.badItem(id, index, "'dependsOn' names the item itself");
			}
			dependsOn[i++] = earlier;
		}
		return dependsOn;
	}

	private static List<String> lowerCase(List<String> names) {
		return names.stream().map((name) -> name.trim().toLowerCase(Locale.ROOT)).toList();
	}

	private static boolean matches(List<String> names, String header) {
		if (names.isEmpty()) {
			return false;
		}
		String name = header.toLowerCase(Locale.ROOT);
		for (String refused : names) {
			if (refused.endsWith("*") ? name.startsWith(refused.substring(0, refused.length() - 1))
					: name.equals(refused)) {
				return true;
			}
		}
		return false;
	}

	private static Set<String> caseInsensitive(String... names) {
		Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
		set.addAll(List.of(names));
		return set;
	}

}
