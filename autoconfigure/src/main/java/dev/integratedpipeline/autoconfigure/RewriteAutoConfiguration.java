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
import java.util.Locale;

import dev.integratedpipeline.modules.rewrite.RewriteModule;
import dev.integratedpipeline.modules.rewrite.RewriteRule;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the URL rewrite module, off by default
 * ({@code integrated-pipeline.rewrite.enabled}). Declare a {@link RewriteModule} bean of
 * your own to replace it.
 *
 * @author Integrated Pipeline team
 * @since 0.1.0
 */
@AutoConfiguration(after = IntegratedPipelineAutoConfiguration.class)
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnBooleanProperty(name = "integrated-pipeline.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty("integrated-pipeline.rewrite.enabled")
@EnableConfigurationProperties(RewriteProperties.class)
public final class RewriteAutoConfiguration {

	// Named for the starter, so that an application's own module class of the same
	// simple name (the README's DefaultDocumentModule example) does not clash with it
	@Bean
	@ConditionalOnMissingBean
	RewriteModule integratedPipelineRewriteModule(RewriteProperties properties) {
		List<RewriteRule> rules = new ArrayList<>();
		List<RewriteProperties.Rule> configured = properties.getRules();
		for (int i = 0; i < configured.size(); i++) {
			rules.add(rule(configured.get(i), i));
		}
		return new RewriteModule(rules);
	}

	private static RewriteRule rule(RewriteProperties.Rule rule, int index) {
		String name = (rule.getName() != null) ? rule.getName() : "rules[" + index + "]";
		RewriteRule.Builder builder = RewriteRule.builder(name)
			.match((rule.getMatch() != null) ? rule.getMatch() : "")
			.ignoreCase(rule.isIgnoreCase())
			.negate(rule.isNegate())
			.logicalGrouping(
					option(RewriteRule.LogicalGrouping.class, rule.getLogicalGrouping(), name, "logical-grouping"))
			.action(option(RewriteRule.Action.class, rule.getAction(), name, "action"))
			.url(rule.getUrl())
			.redirectType(rule.getRedirectType())
			.customResponse(rule.getStatusCode(), rule.getReason())
			.appendQueryString(rule.isAppendQueryString())
			.stopProcessing(rule.isStopProcessing());
		for (RewriteProperties.Condition condition : rule.getConditions()) {
			builder.condition((condition.getInput() != null) ? condition.getInput() : "",
					(condition.getPattern() != null) ? condition.getPattern() : "", condition.isNegate());
		}
		return builder.build();
	}

	private static <E extends Enum<E>> E option(Class<E> type, String value, String rule, String property) {
		String constant = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
		for (E candidate : type.getEnumConstants()) {
			if (candidate.name().equals(constant)) {
				return candidate;
			}
		}
		List<String> expected = new ArrayList<>();
		for (E candidate : type.getEnumConstants()) {
			expected.add(candidate.name().toLowerCase(Locale.ROOT).replace('_', '-'));
		}
		throw new IllegalArgumentException("Rewrite rule '" + rule + "' has unknown " + property + " '" + value
				+ "'; expected one of " + expected);
	}

}
