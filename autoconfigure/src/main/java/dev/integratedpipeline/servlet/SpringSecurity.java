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

package dev.integratedpipeline.servlet;

import java.security.Principal;
import java.util.List;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.util.ClassUtils;

/**
 * What the pipeline and child requests do with Spring Security, in one place. Spring
 * Security stays optional: callers check {@link #PRESENT} first, and the code that uses
 * its types is loaded only when one of the methods is called.
 *
 * @author Integrated Pipeline team
 */
public final class SpringSecurity {

	/**
	 * Whether Spring Security is on the class path.
	 */
	public static final boolean PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder", SpringSecurity.class.getClassLoader());

	private SpringSecurity() {
	}

	/**
	 * Return the deferred security context of the calling thread, without loading it.
	 * @return the deferred context
	 */
	static Supplier<?> deferredContext() {
		return Support.deferredContext();
	}

	/**
	 * Return the user of a deferred security context as Spring Security's request wrapper
	 * does: an authenticated, not anonymous, {@code Authentication}. Loads the context.
	 * @param deferredContext the deferred context
	 * @return the user or {@code null}
	 */
	static @Nullable Principal principal(Supplier<?> deferredContext) {
		return Support.principal(deferredContext);
	}

	/**
	 * Take the deferred security context of the calling thread and clear it: the deferred
	 * context, not the context, so that a child does not make Spring Security load its
	 * parent's context, which it may never need.
	 * @return what to {@link #restore} afterwards
	 */
	public static Object captureAndClear() {
		return Support.captureAndClear();
	}

	/**
	 * Give the calling thread back the security context {@link #captureAndClear()} took.
	 * @param captured what it returned, or {@code null} to clear the context
	 */
	public static void restore(@Nullable Object captured) {
		Support.restore(captured);
	}

	/**
	 * The session attribute Spring Security's
	 * {@code HttpSessionSecurityContextRepository} keeps the security context in (a
	 * constant, inlined: Spring Security stays optional).
	 */
	public static final String SESSION_ATTRIBUTE = HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY;

	/**
	 * Return the user the calling thread's security context holds: an authenticated, not
	 * anonymous, {@code Authentication}. Loads the context.
	 * @return the user or {@code null}
	 */
	public static @Nullable Principal currentUser() {
		return Support.principal(deferredContext());
	}

	/**
	 * Return the security context of a child whose user is chosen for it: an
	 * {@code Authentication} keeps its authorities, any other principal has none, and no
	 * user at all is Spring Security's anonymous user, so that no authentication filter
	 * (remember-me, say) authenticates the child as someone else.
	 * @param user the user or {@code null} for anonymous
	 * @return the security context
	 */
	public static Object securityContext(@Nullable Principal user) {
		return Support.securityContext(user);
	}

	/**
	 * Authenticate a child request for Spring Security's authorization where its default
	 * repository looks first: {@code RequestAttributeSecurityContextRepository}'s
	 * attribute.
	 * @param request the child request
	 * @param securityContext what {@link #securityContext} returned
	 */
	public static void authenticate(HttpServletRequest request, Object securityContext) {
		Support.authenticate(request, securityContext);
	}

	/**
	 * Kept apart so that Spring Security stays optional: loaded on first use only.
	 */
	private static final class Support {

		private static final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

		private static final String ANONYMOUS_KEY = "integrated-pipeline-child";

		static Supplier<?> deferredContext() {
			return SecurityContextHolder.getContextHolderStrategy().getDeferredContext();
		}

		static @Nullable Principal principal(Supplier<?> deferredContext) {
			Authentication authentication = (deferredContext.get() instanceof SecurityContext context)
					? context.getAuthentication() : null;
			return (authentication != null && authentication.getPrincipal() != null
					&& trustResolver.isAuthenticated(authentication)) ? authentication : null;
		}

		static Object captureAndClear() {
			SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
			Supplier<SecurityContext> context = strategy.getDeferredContext();
			strategy.clearContext();
			return context;
		}

		@SuppressWarnings("unchecked")
		static void restore(@Nullable Object captured) {
			SecurityContextHolderStrategy strategy = SecurityContextHolder.getContextHolderStrategy();
			// Restored as the context itself, not as the deferred supplier:
			// setDeferredContext
			// wraps what it is given, so a thread that captured and restored it child
			// after
			// child (a pool thread) would grow a chain of suppliers without bound
			SecurityContext context = (captured instanceof Supplier<?> deferred)
					? ((Supplier<SecurityContext>) deferred).get() : null;
			if (context != null) {
				strategy.setContext(context);
			}
			else {
				strategy.clearContext();
			}
		}

		static Object securityContext(@Nullable Principal user) {
			Authentication authentication;
			if (user == null) {
				authentication = new AnonymousAuthenticationToken(ANONYMOUS_KEY, "anonymousUser",
						AuthorityUtils.createAuthorityList("ROLE_ANONYMOUS"));
			}
			else {
				authentication = (user instanceof Authentication given) ? given
						: UsernamePasswordAuthenticationToken.authenticated(user, null, List.of());
			}
			return new SecurityContextImpl(authentication);
		}

		static void authenticate(HttpServletRequest request, Object securityContext) {
			request.setAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME, securityContext);
		}

	}

}
