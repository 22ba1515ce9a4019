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
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * Who a request runs as, as IIS decides it: the user a module set during
 * {@code AUTHENTICATE_REQUEST} (or that was chosen for a child request) wins; otherwise,
 * whoever the application's authentication established, remembered for the events that
 * run after it forgot.
 *
 * @author Integrated Pipeline team
 */
final class Identity {

	private @Nullable Principal user;

	private boolean set;

	private @Nullable HttpServletRequest authenticatedRequest;

	private @Nullable Supplier<?> securityContext;

	/**
	 * Set the user: a module did during {@code AUTHENTICATE_REQUEST}, or it was chosen
	 * for a child request.
	 * @param user the user, {@code null} for anonymous
	 */
	void set(@Nullable Principal user) {
		this.user = user;
		this.set = true;
	}

	/**
	 * Return whether the user was set, rather than left to the application's
	 * authentication.
	 * @return whether the user was set
	 */
	boolean isSet() {
		return this.set;
	}

	/**
	 * Return the user the request runs as.
	 * @param request the request as the current hook sees it
	 * @return the user or {@code null}
	 */
	@Nullable Principal user(HttpServletRequest request) {
		if (this.set) {
			return this.user;
		}
		Principal principal = request.getUserPrincipal();
		HttpServletRequest authenticated = this.authenticatedRequest;
		if (principal == null && authenticated != null && authenticated != request) {
			principal = authenticated.getUserPrincipal();
		}
		// Spring Security clears its context once its filter chain returns: LOG_REQUEST
		// and END_REQUEST still see the user it authenticated
		Supplier<?> securityContext = this.securityContext;
		if (principal == null && securityContext != null) {
			principal = SpringSecurity.principal(securityContext);
		}
		return principal;
	}

	/**
	 * Remember where the user the application's authentication established is, for the
	 * events that run after it forgot it. Not the user itself: asking for it now would
	 * make Spring Security load its deferred context for every request, also for those
	 * whose user no module asks for.
	 * @param request the request the authentication saw
	 */
	void remember(HttpServletRequest request) {
		if (!this.set) {
			this.authenticatedRequest = request;
			this.securityContext = SpringSecurity.PRESENT ? SpringSecurity.deferredContext() : null;
		}
	}

}
