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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;
import org.springframework.util.StringUtils;
import org.springframework.web.util.UriUtils;

/**
 * One rule of the {@link RewriteModule}, as IIS URL Rewrite writes it: a pattern the path
 * must match, optional conditions, and an action. Built with {@link #builder(String)}; an
 * invalid rule (a bad pattern, a missing URL or status, a back-reference to a group that
 * does not exist) fails {@link Builder#build()} with a message naming it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
public final class RewriteRule {

	private static final Pattern BACK_REFERENCE = Pattern.compile("\\{([RC]):(\\d+)\\}");

	private static final List<Integer> REDIRECT_TYPES = List.of(301, 302, 303, 307, 308);

	// What comes before a URL's authority: a scheme and "//", or "//" alone
	private static final Pattern SCHEME = Pattern.compile("^(?:[A-Za-z][A-Za-z0-9+.-]*:)?//");

	private final String name;

	private final Pattern match;

	private final boolean withoutLeadingSlash;

	private final boolean negate;

	private final List<Condition> conditions;

	private final LogicalGrouping logicalGrouping;

	private final Action action;

	private final @Nullable String url;

	private final int redirectType;

	private final int statusCode;

	private final @Nullable String reason;

	private final boolean appendQueryString;

	private final boolean stopProcessing;

	// What the rule's URL writes out of where it sends a request: a local path, its
	// host (whole or in part), or nothing (the back-references decide)
	private final Authority authority;

	private RewriteRule(Builder builder, Pattern match, List<Condition> conditions) {
		this.name = builder.name;
		this.match = match;
		String pattern = builder.match.startsWith("^") ? builder.match.substring(1) : builder.match;
		this.withoutLeadingSlash = !pattern.startsWith("/");
		this.negate = builder.negate;
		this.conditions = conditions;
		this.logicalGrouping = builder.logicalGrouping;
		this.action = builder.action;
		this.url = builder.url;
		this.redirectType = builder.redirectType;
		this.statusCode = builder.statusCode;
		this.reason = builder.reason;
		this.appendQueryString = builder.appendQueryString;
		this.stopProcessing = builder.stopProcessing;
		this.authority = Authority.of(builder.url);
	}

	/**
	 * Return whether an expanded URL of the rule goes where the rule's URL says: a URL
	 * written as a local path ({@code /{R:1}}) must stay one, not become a network-path
	 * reference ({@code //evil.example}) through what the request put in a
	 * back-reference; a URL that writes out its host, whole or in part
	 * ({@code https://example.com{R:1}}, {@code //{R:1}.example.com/}), must keep what it
	 * writes of it, and gain no user information ({@code @}). A URL whose back-references
	 * make its start ({@code {R:1}}), or its whole host ({@code https://{R:1}/}), may go
	 * anywhere, as its author wrote it.
	 * @param expanded the URL with its back-references replaced
	 * @return whether it keeps the rule's destination
	 */
	boolean keepsDestination(String expanded) {
		return this.authority.keptBy(expanded);
	}

	private static boolean isNetworkPath(String url) {
		// "//host" and, as browsers read a backslash as a slash, "/\host"
		return url.length() > 1 && isSlash(url.charAt(0)) && isSlash(url.charAt(1));
	}

	private static boolean isSlash(char c) {
		return c == '/' || c == '\\';
	}

	/**
	 * Where a rule's URL sends a request, as far as its literal text says.
	 *
	 * @param kind a local path, a written-out authority, or anywhere
	 * @param scheme what comes before the authority, {@code //} included
	 * @param prefix the literal text the authority starts with
	 * @param suffix the literal text it ends with, after its last back-reference
	 * @param whole whether the authority is {@code prefix} and nothing else
	 * @param userInfo whether the literal authority has user information
	 */
	private record Authority(Kind kind, String scheme, String prefix, String suffix, boolean whole, boolean userInfo) {

		private static final Authority ANYWHERE = new Authority(Kind.ANY, "", "", "", false, false);

		private static final Authority LOCAL = new Authority(Kind.LOCAL, "", "", "", false, false);

		static Authority of(@Nullable String url) {
			if (url == null) {
				return ANYWHERE;
			}
			Matcher reference = BACK_REFERENCE.matcher(url);
			int firstReference = reference.find() ? reference.start() : url.length();
			String literal = url.substring(0, firstReference);
			if (literal.startsWith("/") && !isNetworkPath(literal)) {
				return LOCAL;
			}
			Matcher scheme = SCHEME.matcher(literal);
			if (!scheme.find()) {
				return ANYWHERE;
			}
			int start = scheme.end();
			// The authority ends at the first literal "/", "?", "#" or "\"
			int end = url.length();
			int lastReferenceEnd = -1;
			boolean referenced = false;
			Matcher references = BACK_REFERENCE.matcher(url);
			int i = start;
			while (i < url.length()) {
				if (references.find(i) && references.start() == i) {
					referenced = true;
					lastReferenceEnd = references.end();
					i = references.end();
					continue;
				}
				char c = url.charAt(i);
				if (c == '/' || c == '?' || c == '#' || c == '\\') {
					end = i;
					break;
				}
				i++;
			}
			String prefix = url.substring(start, Math.min(firstReference, end));
			String suffix = referenced ? url.substring(Math.max(lastReferenceEnd, start), end) : prefix;
			if (referenced && prefix.isEmpty() && suffix.isEmpty()) {
				// The whole host is the back-references': the author's choice
				return ANYWHERE;
			}
			boolean userInfo = url.substring(start, end).indexOf('@') >= 0;
			// A host written out whole and followed by a back-reference
			// (https://example.com{R:1}): the back-reference is the path's, and may not
			// add to the host (.evil.example, @evil.example, a port); one that stops
			// within a name (https://www.{R:1}) leaves the rest to the back-references
			boolean whole = !referenced || (suffix.isEmpty() && !prefix.endsWith(".") && !prefix.endsWith("-"));
			return new Authority(Kind.AUTHORITY, scheme.group(), prefix, suffix, whole, userInfo);
		}

		boolean keptBy(String expanded) {
			return switch (this.kind) {
				case LOCAL -> expanded.startsWith("/") && !isNetworkPath(expanded);
				case AUTHORITY -> keepsAuthority(expanded);
				case ANY -> true;
			};
		}

		private boolean keepsAuthority(String expanded) {
			if (!expanded.regionMatches(true, 0, this.scheme, 0, this.scheme.length())) {
				return false;
			}
			int start = this.scheme.length();
			int end = start;
			while (end < expanded.length() && "/?#\\".indexOf(expanded.charAt(end)) < 0) {
				end++;
			}
			String authority = expanded.substring(start, end);
			if (this.whole) {
				return authority.equalsIgnoreCase(this.prefix);
			}
			return authority.length() >= this.prefix.length() + this.suffix.length()
					&& authority.regionMatches(true, 0, this.prefix, 0, this.prefix.length())
					&& authority.regionMatches(true, authority.length() - this.suffix.length(), this.suffix, 0,
							this.suffix.length())
					&& (this.userInfo || authority.indexOf('@') < 0);
		}

	}

	private enum Kind {

		LOCAL, AUTHORITY, ANY

	}

	/**
	 * Start a rule.
	 * @param name the name of the rule, used in messages
	 * @return a builder
	 */
	public static Builder builder(String name) {
		return new Builder(name);
	}

	/**
	 * Return the name of the rule.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the action of the rule.
	 * @return the action
	 */
	public Action action() {
		return this.action;
	}

	boolean stopProcessing() {
		return this.stopProcessing;
	}

	boolean appendQueryString() {
		return this.appendQueryString;
	}

	int redirectType() {
		return this.redirectType;
	}

	int statusCode() {
		return this.statusCode;
	}

	@Nullable String reason() {
		return this.reason;
	}

	/**
	 * Apply the rule's pattern and conditions to a request.
	 * @param path the path within the application as the container maps it (decoded),
	 * starting with {@code /}
	 * @param query the query, or {@code null}
	 * @param request the request, for the conditions
	 * @return the match, with the groups of the rule and of the last matched condition,
	 * or {@code null} when the rule does not apply
	 */
	@Nullable Match apply(String path, @Nullable String query, HttpServletRequest request) {
		Matcher rule = this.match.matcher(this.withoutLeadingSlash ? path.substring(1) : path);
		boolean found = rule.find();
		if (found == this.negate) {
			return null;
		}
		Matcher lastCondition = null;
		boolean any = false;
		for (Condition condition : this.conditions) {
			Matcher matcher = condition.pattern().matcher(condition.input().value(condition.header(), query, request));
			boolean matched = matcher.find() != condition.negate();
			if (matched && !condition.negate()) {
				lastCondition = matcher;
			}
			if (this.logicalGrouping == LogicalGrouping.MATCH_ALL && !matched) {
				return null;
			}
			if (this.logicalGrouping == LogicalGrouping.MATCH_ANY && matched) {
				any = true;
				break;
			}
		}
		if (this.logicalGrouping == LogicalGrouping.MATCH_ANY && !this.conditions.isEmpty() && !any) {
			return null;
		}
		return new Match(this.negate ? null : rule, lastCondition);
	}

	/**
	 * Return the rule's URL with its back-references replaced.
	 * @param match what the rule matched
	 * @return the URL
	 */
	String expand(Match match) {
		String url = this.url;
		Assert.state(url != null, "No URL");
		Matcher references = BACK_REFERENCE.matcher(url);
		StringBuilder expanded = new StringBuilder(url.length() + 32);
		while (references.find()) {
			boolean fromPath = references.group(1).equals("R");
			Matcher source = fromPath ? match.rule() : match.condition();
			int group = Integer.parseInt(references.group(2));
			String value = (source != null && group <= source.groupCount()) ? source.group(group) : null;
			if (value != null && fromPath) {
				// The rule matched the decoded path: what it captured is encoded
				// again, as IIS does, so that a decoded "?", "#" or "%" stays in the path
				value = UriUtils.encodePath(value, StandardCharsets.UTF_8);
			}
			references.appendReplacement(expanded, Matcher.quoteReplacement((value != null) ? value : ""));
		}
		references.appendTail(expanded);
		return expanded.toString();
	}

	@Override
	public String toString() {
		return "RewriteRule '" + this.name + "'";
	}

	/**
	 * What a rule matched: its own groups ({@code {R:n}}) and those of the last condition
	 * that matched ({@code {C:n}}).
	 *
	 * @param rule the rule's matcher, {@code null} for a negated rule
	 * @param condition the last matched condition's matcher, {@code null} when none
	 */
	record Match(@Nullable Matcher rule, @Nullable Matcher condition) {
	}

	/**
	 * What a rule does when it applies.
	 */
	public enum Action {

		/**
		 * Rewrite the URL internally ({@code PipelineContext.setUrl} at
		 * {@code BEGIN_REQUEST}): the rest of the pipeline and the application see the
		 * new URL; the client sees nothing.
		 */
		REWRITE,

		/**
		 * Redirect the client to the URL, with the rule's redirect type.
		 */
		REDIRECT,

		/**
		 * Answer with the rule's status code and reason.
		 */
		CUSTOM_RESPONSE,

		/**
		 * Close the connection without a response.
		 */
		ABORT,

		/**
		 * Do nothing; with {@code stop-processing}, no further rule runs.
		 */
		NONE

	}

	/**
	 * How the conditions of a rule combine.
	 */
	public enum LogicalGrouping {

		/**
		 * Every condition must match.
		 */
		MATCH_ALL,

		/**
		 * At least one condition must match.
		 */
		MATCH_ANY

	}

	/**
	 * What a condition looks at.
	 */
	public enum Input {

		/**
		 * The HTTP method.
		 */
		METHOD,

		/**
		 * The {@code Host} header, with its port if it has one.
		 */
		HOST,

		/**
		 * The scheme, {@code http} or {@code https}.
		 */
		SCHEME,

		/**
		 * The query string, empty when there is none.
		 */
		QUERY,

		/**
		 * A request header, empty when absent.
		 */
		HEADER;

		String value(@Nullable String header, @Nullable String query, HttpServletRequest request) {
			String value = switch (this) {
				case METHOD -> request.getMethod();
				case HOST -> request.getHeader("Host");
				case SCHEME -> request.getScheme();
				case QUERY -> query;
				case HEADER -> (header != null) ? request.getHeader(header) : null;
			};
			return (value != null) ? value : "";
		}

	}

	/**
	 * A condition of a rule.
	 *
	 * @param input what the condition looks at
	 * @param header the header name for {@link Input#HEADER}, otherwise {@code null}
	 * @param pattern the pattern the input must match
	 * @param negate whether the condition applies when the input does not match
	 */
	record Condition(Input input, @Nullable String header, Pattern pattern, boolean negate) {
	}

	/**
	 * Builds a {@link RewriteRule}.
	 */
	public static final class Builder {

		private final String name;

		private String match = "";

		private boolean ignoreCase = true;

		private boolean negate;

		private final List<String[]> conditions = new ArrayList<>();

		private LogicalGrouping logicalGrouping = LogicalGrouping.MATCH_ALL;

		private Action action = Action.NONE;

		private @Nullable String url;

		private int redirectType = 301;

		private int statusCode;

		private @Nullable String reason;

		private boolean appendQueryString = true;

		private boolean stopProcessing;

		private Builder(String name) {
			Assert.hasText(name, "'name' must not be empty");
			this.name = name;
		}

		/**
		 * Set the pattern the path within the application must match (a regular
		 * expression, found anywhere in the path unless anchored). A pattern that does
		 * not start with {@code /} (after an optional {@code ^}) is matched against the
		 * path without its leading {@code /}, as IIS matches it.
		 * @param match the pattern
		 * @return this builder
		 */
		public Builder match(String match) {
			this.match = match;
			return this;
		}

		/**
		 * Set whether the pattern and the conditions ignore case (default {@code true}).
		 * @param ignoreCase whether to ignore case
		 * @return this builder
		 */
		public Builder ignoreCase(boolean ignoreCase) {
			this.ignoreCase = ignoreCase;
			return this;
		}

		/**
		 * Set whether the rule applies when the path does <em>not</em> match; such a rule
		 * has no groups to refer to.
		 * @param negate whether to negate the pattern
		 * @return this builder
		 */
		public Builder negate(boolean negate) {
			this.negate = negate;
			return this;
		}

		/**
		 * Add a condition.
		 * @param input {@code method}, {@code host}, {@code scheme}, {@code query} or
		 * {@code header:<Name>}
		 * @param pattern the pattern the input must match
		 * @param negate whether the condition applies when the input does not match
		 * @return this builder
		 */
		public Builder condition(String input, String pattern, boolean negate) {
			this.conditions.add(new String[] { input, pattern, String.valueOf(negate) });
			return this;
		}

		/**
		 * Set how the conditions combine (default {@link LogicalGrouping#MATCH_ALL}).
		 * @param logicalGrouping how the conditions combine
		 * @return this builder
		 */
		public Builder logicalGrouping(LogicalGrouping logicalGrouping) {
			this.logicalGrouping = logicalGrouping;
			return this;
		}

		/**
		 * Set the action (default {@link Action#NONE}).
		 * @param action the action
		 * @return this builder
		 */
		public Builder action(Action action) {
			this.action = action;
			return this;
		}

		/**
		 * Set the URL of a rewrite or a redirect, with back-references {@code {R:n}} to
		 * the rule's groups and {@code {C:n}} to those of the last matched condition.
		 * @param url the URL
		 * @return this builder
		 */
		public Builder url(@Nullable String url) {
			this.url = url;
			return this;
		}

		/**
		 * Set the status of a redirect: 301 (default), 302, 303, 307 or 308.
		 * @param redirectType the status
		 * @return this builder
		 */
		public Builder redirectType(int redirectType) {
			this.redirectType = redirectType;
			return this;
		}

		/**
		 * Set the status and reason of a custom response.
		 * @param statusCode the status
		 * @param reason the reason, or {@code null}
		 * @return this builder
		 */
		public Builder customResponse(int statusCode, @Nullable String reason) {
			this.statusCode = statusCode;
			this.reason = reason;
			return this;
		}

		/**
		 * Set whether the request's query is appended to the URL of a rewrite or a
		 * redirect (default {@code true}).
		 * @param appendQueryString whether to append the query
		 * @return this builder
		 */
		public Builder appendQueryString(boolean appendQueryString) {
			this.appendQueryString = appendQueryString;
			return this;
		}

		/**
		 * Set whether no further rule runs once this one applied.
		 * @param stopProcessing whether to stop
		 * @return this builder
		 */
		public Builder stopProcessing(boolean stopProcessing) {
			this.stopProcessing = stopProcessing;
			return this;
		}

		/**
		 * Build the rule.
		 * @return the rule
		 * @throws IllegalArgumentException naming the rule when it is invalid
		 */
		public RewriteRule build() {
			int flags = this.ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
			if (!StringUtils.hasLength(this.match)) {
				throw invalid("has no match pattern");
			}
			Pattern match = compile(this.match, flags, "its match pattern");
			List<Condition> conditions = new ArrayList<>();
			int conditionGroups = -1;
			for (int i = 0; i < this.conditions.size(); i++) {
				String[] condition = this.conditions.get(i);
				Condition parsed = condition(i, condition[0], condition[1], Boolean.parseBoolean(condition[2]), flags);
				conditions.add(parsed);
				if (!parsed.negate()) {
					conditionGroups = Math.max(conditionGroups, parsed.pattern().matcher("").groupCount());
				}
			}
			checkAction();
			if (this.url != null) {
				checkBackReferences(this.negate ? -1 : match.matcher("").groupCount(), conditionGroups);
			}
			return new RewriteRule(this, match, List.copyOf(conditions));
		}

		private Condition condition(int index, @Nullable String input, @Nullable String pattern, boolean negate,
				int flags) {
			if (!StringUtils.hasText(input)) {
				throw invalid("has condition " + index + " without an input");
			}
			String name = input.trim();
			String header = null;
			Input parsed;
			if (name.regionMatches(true, 0, "header:", 0, 7)) {
				header = name.substring(7).trim();
				if (header.isEmpty()) {
					throw invalid("has condition " + index + " on a header without a name");
				}
				parsed = Input.HEADER;
			}
			else {
				try {
					parsed = Input.valueOf(name.toUpperCase(Locale.ROOT));
				}
				catch (IllegalArgumentException ex) {
					throw invalid("has condition " + index + " on unknown input '" + name
							+ "'; expected method, host, scheme, query or header:<Name>");
				}
				if (parsed == Input.HEADER) {
					throw invalid("has condition " + index + " on a header without a name (header:<Name>)");
				}
			}
			if (pattern == null) {
				throw invalid("has condition " + index + " without a pattern");
			}
			return new Condition(parsed, header, compile(pattern, flags, "the pattern of condition " + index), negate);
		}

		private void checkAction() {
			switch (this.action) {
				case REWRITE, REDIRECT -> {
					if (!StringUtils.hasText(this.url)) {
						throw invalid("has action " + name(this.action) + " but no url");
					}
					if (this.action == Action.REDIRECT && !REDIRECT_TYPES.contains(this.redirectType)) {
						throw invalid("has redirect-type " + this.redirectType + "; expected one of " + REDIRECT_TYPES);
					}
				}
				case CUSTOM_RESPONSE -> {
					if (this.statusCode < 100 || this.statusCode > 599) {
						throw invalid("has action custom-response but status-code " + this.statusCode
								+ " is not an HTTP status (100-599)");
					}
				}
				default -> {
				}
			}
		}

		private void checkBackReferences(int ruleGroups, int conditionGroups) {
			Matcher references = BACK_REFERENCE.matcher(this.url);
			while (references.find()) {
				boolean rule = references.group(1).equals("R");
				int group = Integer.parseInt(references.group(2));
				int available = rule ? ruleGroups : conditionGroups;
				if (group > available) {
					String what = rule
							? (this.negate ? "a negated pattern, which has no groups"
									: "the match pattern, which has " + ruleGroups + " group(s)")
							: (conditionGroups < 0 ? "no condition that can match"
									: "conditions of at most " + conditionGroups + " group(s)");
					throw invalid("refers to " + references.group() + " in its url, but " + "there is " + what);
				}
			}
		}

		private Pattern compile(String pattern, int flags, String what) {
			try {
				return Pattern.compile(pattern, flags);
			}
			catch (PatternSyntaxException ex) {
				throw new IllegalArgumentException(
						"Rewrite rule '" + this.name + "' has an invalid regular expression in " + what + ": "
								+ ex.getDescription() + " in '" + pattern + "'",
						ex);
			}
		}

		private IllegalArgumentException invalid(String message) {
			return new IllegalArgumentException("Rewrite rule '" + this.name + "' " + message);
		}

		private static String name(Action action) {
			return action.name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

}
