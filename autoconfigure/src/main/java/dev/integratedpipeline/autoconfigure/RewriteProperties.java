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

package dev.integratedpipeline.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the URL rewrite module.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@ConfigurationProperties("integrated-pipeline.rewrite")
public class RewriteProperties {

	/**
	 * Whether to run the rewrite rules on every request, at BEGIN_REQUEST.
	 */
	private boolean enabled;

	/**
	 * Rules, run in order.
	 */
	private List<Rule> rules = new ArrayList<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Rule> getRules() {
		return this.rules;
	}

	public void setRules(List<Rule> rules) {
		this.rules = rules;
	}

	/**
	 * One rewrite rule.
	 */
	public static class Rule {

		/**
		 * Name of the rule, used in messages. Defaults to its position, rules[n].
		 */
		private @Nullable String name;

		/**
		 * Regular expression the path within the application must match; without a
		 * leading '/', it is matched against the path without its leading '/'.
		 */
		private @Nullable String match;

		/**
		 * Whether the match pattern and the conditions ignore case.
		 */
		private boolean ignoreCase = true;

		/**
		 * Whether the rule applies when the path does not match.
		 */
		private boolean negate;

		/**
		 * Conditions on the request that must hold too.
		 */
		private List<Condition> conditions = new ArrayList<>();

		/**
		 * How the conditions combine: 'match-all' or 'match-any'.
		 */
		private String logicalGrouping = "match-all";

		/**
		 * What the rule does: 'rewrite', 'redirect', 'custom-response', 'abort' or
		 * 'none'.
		 */
		private String action = "none";

		/**
		 * URL of a rewrite or a redirect, with back-references {R:n} to the match
		 * pattern's groups and {C:n} to those of the last matched condition.
		 */
		private @Nullable String url;

		/**
		 * Status of a redirect: 301, 302, 303, 307 or 308.
		 */
		private int redirectType = 301;

		/**
		 * Status of a custom response.
		 */
		private int statusCode;

		/**
		 * Reason of a custom response, its error message.
		 */
		private @Nullable String reason;

		/**
		 * Whether the request's query is appended to the URL of a rewrite or a redirect.
		 */
		private boolean appendQueryString = true;

		/**
		 * Whether no further rule runs once this one applied.
		 */
		private boolean stopProcessing;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getMatch() {
			return this.match;
		}

		public void setMatch(@Nullable String match) {
			this.match = match;
		}

		public boolean isIgnoreCase() {
			return this.ignoreCase;
		}

		public void setIgnoreCase(boolean ignoreCase) {
			this.ignoreCase = ignoreCase;
		}

		public boolean isNegate() {
			return this.negate;
		}

		public void setNegate(boolean negate) {
			this.negate = negate;
		}

		public List<Condition> getConditions() {
			return this.conditions;
		}

		public void setConditions(List<Condition> conditions) {
			this.conditions = conditions;
		}

		public String getLogicalGrouping() {
			return this.logicalGrouping;
		}

		public void setLogicalGrouping(String logicalGrouping) {
			this.logicalGrouping = logicalGrouping;
		}

		public String getAction() {
			return this.action;
		}

		public void setAction(String action) {
			this.action = action;
		}

		public @Nullable String getUrl() {
			return this.url;
		}

		public void setUrl(@Nullable String url) {
			this.url = url;
		}

		public int getRedirectType() {
			return this.redirectType;
		}

		public void setRedirectType(int redirectType) {
			this.redirectType = redirectType;
		}

		public int getStatusCode() {
			return this.statusCode;
		}

		public void setStatusCode(int statusCode) {
			this.statusCode = statusCode;
		}

		public @Nullable String getReason() {
			return this.reason;
		}

		public void setReason(@Nullable String reason) {
			this.reason = reason;
		}

		public boolean isAppendQueryString() {
			return this.appendQueryString;
		}

		public void setAppendQueryString(boolean appendQueryString) {
			this.appendQueryString = appendQueryString;
		}

		public boolean isStopProcessing() {
			return this.stopProcessing;
		}

		public void setStopProcessing(boolean stopProcessing) {
			this.stopProcessing = stopProcessing;
		}

	}

	/**
	 * One condition of a rule.
	 */
	public static class Condition {

		/**
		 * What the condition looks at: 'method', 'host', 'scheme', 'query' or
		 * 'header:<Name>'.
		 */
		private @Nullable String input;

		/**
		 * Regular expression the input must match.
		 */
		private @Nullable String pattern;

		/**
		 * Whether the condition holds when the input does not match.
		 */
		private boolean negate;

		public @Nullable String getInput() {
			return this.input;
		}

		public void setInput(@Nullable String input) {
			this.input = input;
		}

		public @Nullable String getPattern() {
			return this.pattern;
		}

		public void setPattern(@Nullable String pattern) {
			this.pattern = pattern;
		}

		public boolean isNegate() {
			return this.negate;
		}

		public void setNegate(boolean negate) {
			this.negate = negate;
		}

	}

}
