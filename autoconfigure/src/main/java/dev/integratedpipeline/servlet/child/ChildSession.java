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

package dev.integratedpipeline.servlet.child;

import java.util.function.Function;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.servlet.container.ServletContainer;

/**
 * The session of one child request, shared with its siblings through
 * {@link ChildSessions}: as from the network, a session the child creates has its cookie
 * in the child's response, and none can be created once that response is committed. Which
 * session a child has is decided here; what a child that runs as another user sees inside
 * it is {@link ChildSessionView}'s job, which wraps this one (see there why the two are
 * apart).
 *
 * @author Integrated Pipeline team
 */
final class ChildSession implements Function<Boolean, @Nullable HttpSession>, ChildSessions.Creating {

	private final ChildSessions shared;

	private final boolean onParentThread;

	private final ServletContainer container;

	private @Nullable HttpServletRequest request;

	private @Nullable ChildHttpServletResponse response;

	private volatile @Nullable HttpSession session;

	/**
	 * Create the session of a child.
	 * @param shared the sessions of the child's siblings
	 * @param onParentThread whether the child runs on its parent's thread
	 * @param container the container, which writes session cookies
	 */
	ChildSession(ChildSessions shared, boolean onParentThread, ServletContainer container) {
		this.shared = shared;
		this.onParentThread = onParentThread;
		this.container = container;
	}

	/**
	 * Attach the child's request and response, before it runs; the request is then given
	 * this session ({@code ChildHttpServletRequest.setChildSession}).
	 * @param request the request, which session cookies are written for
	 * @param response the response, which gets the cookie of a session created
	 */
	void attach(HttpServletRequest request, ChildHttpServletResponse response) {
		this.request = request;
		this.response = response;
	}

	@Override
	public @Nullable HttpSession apply(Boolean create) {
		HttpSession current = this.session;
		if (current != null && ChildSessions.isValid(current)) {
			return current;
		}
		HttpSession session = this.shared.session(create, this.onParentThread, this);
		this.session = session;
		return session;
	}

	/**
	 * Refuse to create a session once the response is committed, as the container does:
	 * its cookie could no longer be sent.
	 */
	@Override
	public void beforeCreate() {
		ChildHttpServletResponse response = this.response;
		if (response != null && response.isCommitted()) {
			throw new IllegalStateException("Cannot create a session after the response has been committed");
		}
	}

	/**
	 * Add the cookie of a session created for the child to its response.
	 * @param session the session
	 */
	@Override
	public void created(HttpSession session) {
		HttpServletRequest request = this.request;
		ChildHttpServletResponse response = this.response;
		if (request != null && response != null && !response.isCommitted()) {
			String cookie = this.container.sessionCookie(session, request);
			if (cookie != null) {
				this.container.addSessionCookie(response, cookie);
			}
		}
	}

	/**
	 * Have the parent adopt what this child or its siblings created apart from it, on the
	 * parent's thread.
	 */
	void adoptIntoParent() {
		this.shared.adopt();
	}

	/**
	 * Take a session that one of this child's asynchronous children created, as a parent
	 * request adopts one: it becomes the child's session, its response carries the
	 * cookie, and the child's own parent is offered it.
	 * @param session the session
	 */
	void adopt(HttpSession session) {
		if (this.session == null) {
			this.session = session;
			created(session);
			this.shared.offer(session);
		}
	}

}
