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

package dev.integratedpipeline.testapp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.integratedpipeline.child.ChildRequest;
import dev.integratedpipeline.child.ChildRequestExecutor;
import dev.integratedpipeline.child.ChildResponse;
import dev.integratedpipeline.pipeline.NotificationStatus;
import dev.integratedpipeline.pipeline.PipelineContext;
import dev.integratedpipeline.pipeline.PipelineModule;

/**
 * The applications the identity and path tests run against: Spring Security with form
 * login, HTTP Basic and role rules ({@link Secured}), or none at all ({@link Plain}); in
 * both, a module that authenticates from a header at {@code AUTHENTICATE_REQUEST} and
 * refuses anonymous requests for {@code /private/**} at {@code AUTHORIZE_REQUEST}, and a
 * plain filter mapped to {@code /guarded/*}.
 */
public final class IdentityTestApplication {

	/**
	 * The header {@link AuthenticatingModule} authenticates from.
	 */
	public static final String MODULE_USER_HEADER = "X-Module-User";

	private static final String SESSION_CONTEXT = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	private IdentityTestApplication() {
	}

	/**
	 * Have {@code /issue} execute a child request as {@code as} says and return its
	 * answer, {@code "<status> <body>"}.
	 * @param http the client of the running application
	 * @param path the child's path
	 * @param as whom the child runs as, one of the names {@code /issue} knows
	 * @param headers the headers of the parent request, as name and value pairs
	 * @return what the child answered
	 */
	public static String issue(HttpTestClient http, String path, String as, String... headers) {
		return http.get("/issue?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + "&as=" + as, headers).body();
	}

	/**
	 * With Spring Security: {@code /admin/**} for role {@code ADMIN}, {@code /secure/**}
	 * for any authenticated user, the rest for everybody; form login (the security
	 * context in the HTTP session) and HTTP Basic, users {@code user}/{@code password}
	 * and {@code admin}/{@code admin}; a firewall that lets semicolons through.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	@Import({ Shared.class, Security.class })
	public static class Secured {

	}

	/**
	 * Without Spring Security: its auto-configuration excluded, so no filter chain.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = {
			"org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
			"org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration" })
	@Import(Shared.class)
	public static class Plain {

	}

	@Configuration(proxyBeanMethods = false)
	static class Security {

		@Bean
		SecurityFilterChain identitySecurityFilterChain(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.requestMatchers("/admin/**")
				.hasRole("ADMIN")
				.requestMatchers("/secure/**")
				.authenticated()
				.anyRequest()
				.permitAll());
			http.formLogin(Customizer.withDefaults());
			http.httpBasic(Customizer.withDefaults());
			// A plain 401 for every client, whichever way it would authenticate
			http.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)));
			http.csrf((csrf) -> csrf.disable());
			return http.build();
		}

		@Bean
		WebSecurityCustomizer semicolonFirewall() {
			// Spring Security's default firewall refuses path parameters outright, which
			// would hide how the rest of the application matches them
			StrictHttpFirewall firewall = new StrictHttpFirewall();
			firewall.setAllowSemicolon(true);
			return (web) -> web.httpFirewall(firewall);
		}

		@Bean
		UserDetailsService identityUsers() {
			return TestUsers.userAndAdmin();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(IdentityController.class)
	static class Shared {

		@Bean
		AuthenticatingModule authenticatingModule() {
			return new AuthenticatingModule();
		}

		@Bean
		FilterRegistrationBean<Filter> guardedFilter() {
			FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
				((HttpServletResponse) response).setHeader("X-Guarded", "guarded-filter");
				chain.doFilter(request, response);
			});
			registration.addUrlPatterns("/guarded/*");
			return registration;
		}

	}

	/**
	 * Authenticates from {@value #MODULE_USER_HEADER} at {@code AUTHENTICATE_REQUEST};
	 * refuses an anonymous request for {@code /private/**} with 401 at
	 * {@code AUTHORIZE_REQUEST}, matching the servlet path as a module would.
	 */
	public static class AuthenticatingModule implements PipelineModule {

		@Override
		public NotificationStatus onAuthenticateRequest(PipelineContext context) {
			String user = context.request().getHeader(MODULE_USER_HEADER);
			if (user != null) {
				context.setUser(new ControlModule.NamedPrincipal(user));
			}
			return NotificationStatus.CONTINUE;
		}

		@Override
		public NotificationStatus onAuthorizeRequest(PipelineContext context) {
			if (context.request().getServletPath().startsWith("/private/") && context.user() == null) {
				context.response().setStatus(401);
				return NotificationStatus.FINISH_REQUEST;
			}
			return NotificationStatus.CONTINUE;
		}

	}

	@RestController
	static class IdentityController {

		private final ChildRequestExecutor executor;

		IdentityController(ChildRequestExecutor executor) {
			this.executor = executor;
		}

		@GetMapping({ "/whoami", "/secure/whoami", "/admin/whoami", "/private/whoami" })
		String whoami(HttpServletRequest request) {
			Principal principal = request.getUserPrincipal();
			return (principal != null) ? principal.getName() : "anonymous";
		}

		/**
		 * Who the HTTP session's security context says the user is, as Spring Security's
		 * {@code HttpSessionSecurityContextRepository} reads it.
		 */
		@GetMapping("/session-user")
		String sessionUser(HttpServletRequest request) {
			HttpSession session = request.getSession(false);
			Object context = (session != null) ? session.getAttribute(SESSION_CONTEXT) : null;
			return (context instanceof SecurityContext securityContext && securityContext.getAuthentication() != null)
					? securityContext.getAuthentication().getName() : "none";
		}

		/**
		 * Store another user in the HTTP session, as an authentication filter that saves
		 * its context would.
		 */
		@GetMapping("/session-user/overwrite")
		String overwriteSessionUser(HttpServletRequest request) {
			request.getSession()
				.setAttribute(SESSION_CONTEXT, new SecurityContextImpl(UsernamePasswordAuthenticationToken
					.authenticated("intruder", null, AuthorityUtils.createAuthorityList("ROLE_ADMIN"))));
			return "overwritten";
		}

		@GetMapping({ "/paths/**", "/guarded/**", "/private/**" })
		String paths(HttpServletRequest request) {
			return request.getRequestURI() + "|" + request.getServletPath() + "|" + request.getPathInfo();
		}

		/**
		 * Execute a child for {@code path} with the identity {@code as} names:
		 * {@code parent} (the default rule), {@code from} (copied from this request),
		 * {@code anonymous}, {@code guest} (a plain principal), {@code user-role} (guest
		 * with {@code ROLE_USER}) or {@code admin-role} (boss with {@code ROLE_ADMIN}).
		 */
		@GetMapping("/issue")
		String issue(HttpServletRequest request, @RequestParam String path,
				@RequestParam(defaultValue = "parent") String as, @RequestParam(defaultValue = "false") boolean async)
				throws Exception {
			ChildRequest.Builder builder = switch (as) {
				case "from" -> ChildRequest.from(request).path(path);
				case "anonymous" -> ChildRequest.get(path).anonymous();
				case "guest" -> ChildRequest.get(path).user(() -> "guest");
				case "user-role" -> ChildRequest.get(path)
					.user(UsernamePasswordAuthenticationToken.authenticated("guest", null,
							AuthorityUtils.createAuthorityList("ROLE_USER")));
				case "admin-role" -> ChildRequest.get(path)
					.user(UsernamePasswordAuthenticationToken.authenticated("boss", null,
							AuthorityUtils.createAuthorityList("ROLE_ADMIN")));
				default -> ChildRequest.get(path);
			};
			ChildResponse response = async ? this.executor.executeAsync(builder.build()).get(10, TimeUnit.SECONDS)
					: this.executor.execute(builder.build());
			return response.status() + " " + response.contentAsString()
					+ headerOrEmpty(response.headers().getFirst("X-Guarded"));
		}

		private static String headerOrEmpty(String value) {
			return (value != null) ? " " + value : "";
		}

	}

}
