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

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;

import dev.integratedpipeline.servlet.container.ServletContainer;

/**
 * The one session the children of one request share, or of one child issued with no
 * request. A child on its parent's thread uses the parent's session, creating it through
 * the parent (the parent's response carries its cookie, as the container sets it); a
 * child on another thread never calls into its parent's request, so a session it creates
 * is created in the container and kept here for its siblings, and the parent
 * {@link #adopt() adopts} it, on its own thread, at the next point it meets its children:
 * its response then carries the cookie too, if still uncommitted. So twenty asynchronous
 * children make one session, which reaches the client.
 *
 * @author Integrated Pipeline team
 */
final class ChildSessions {

	private static final String ATTRIBUTE = ChildSessions.class.getName();

	private final ServletContainer container;

	private final @Nullable HttpServletRequest parent;

	/**
	 * The thread that last issued a child of the parent: one processing the parent
	 * request, the only one that may call into it.
	 */
	private volatile @Nullable Thread parentThread;

	// Guarded by this

	private @Nullable HttpSession session;

	/**
	 * Whether {@link #session} was created apart from the parent, which does not know it
	 * yet.
	 */
	private boolean unadopted;

	private ChildSessions(ServletContainer container, @Nullable HttpServletRequest parent) {
		this.container = container;
		this.parent = parent;
		this.parentThread = (parent != null) ? Thread.currentThread() : null;
		this.session = (parent != null) ? parent.getSession(false) : null;
	}

	/**
	 * Return the sessions of a parent's children, on the parent's thread, the parent
	 * adopting first what a child created apart from it; for no parent, those of one
	 * child.
	 * @param parent the parent request, if any
	 * @param container the container that creates sessions
	 * @return the sessions
	 */
	static ChildSessions of(@Nullable HttpServletRequest parent, ServletContainer container) {
		if (parent == null) {
			return new ChildSessions(container, null);
		}
		if (parent.getAttribute(ATTRIBUTE) instanceof ChildSessions existing) {
			existing.issuing();
			return existing;
		}
		ChildSessions sessions = new ChildSessions(container, parent);
		parent.setAttribute(ATTRIBUTE, sessions);
		return sessions;
	}

	/**
	 * The parent issues another child, on the calling thread: it adopts what its children
	 * created so far, and its own session, if it made one since, is the one its children
	 * share.
	 */
	private void issuing() {
		this.parentThread = Thread.currentThread();
		adopt();
		HttpServletRequest parent = this.parent;
		HttpSession own = (parent != null) ? parent.getSession(false) : null;
		if (own != null) {
			synchronized (this) {
				this.session = own;
				this.unadopted = false;
			}
		}
	}

	/**
	 * Return the session, creating it when asked.
	 * @param create whether to create one
	 * @param onParentThread whether the caller runs on the parent's thread, and so may
	 * call into the parent's request
	 * @param child the child that asks: told before a session is created for it (it may
	 * refuse, its response committed) and once it was
	 * @return the session, or {@code null}
	 */
	@Nullable HttpSession session(boolean create, boolean onParentThread, Creating child) {
		HttpServletRequest parent = this.parent;
		if (onParentThread && parent != null) {
			adopt();
			HttpSession own = parent.getSession(false);
			if (own != null) {
				synchronized (this) {
					this.session = own;
					this.unadopted = false;
				}
				return own;
			}
		}
		synchronized (this) {
			HttpSession session = this.session;
			if (session != null && isValid(session)) {
				return session;
			}
			this.session = null;
			if (!create) {
				return null;
			}
			child.beforeCreate();
			HttpSession created = null;
			if (onParentThread && parent != null) {
				try {
					// The parent's response carries the cookie, as the container sets it
					created = parent.getSession(true);
				}
				catch (IllegalStateException committed) {
					// The parent can no longer carry a session: the child's own
				}
			}
			if (created == null) {
				created = this.container.createSession();
				this.unadopted = parent != null;
			}
			this.session = created;
			child.created(created);
			return created;
		}
	}

	/**
	 * Offer a session that a grandchild created to this child's parent, for its own
	 * children and to adopt.
	 * @param session the session
	 */
	void offer(HttpSession session) {
		synchronized (this) {
			if (this.session == null) {
				this.session = session;
				this.unadopted = this.parent != null;
			}
		}
	}

	/**
	 * Have the parent adopt the session a child created apart from it: from now on it is
	 * the parent's session, and the parent's response carries its cookie unless
	 * committed. Only on the parent's thread; nothing to do anywhere else or when there
	 * is nothing to adopt.
	 */
	void adopt() {
		HttpServletRequest parent = this.parent;
		if (parent == null || Thread.currentThread() != this.parentThread) {
			return;
		}
		HttpSession pending;
		synchronized (this) {
			if (!this.unadopted || this.session == null) {
				return;
			}
			pending = this.session;
			this.unadopted = false;
		}
		if (!isValid(pending) || parent.getSession(false) != null) {
			// Invalidated, or the parent made its own meanwhile
			return;
		}
		if (parent instanceof Adopting child) {
			child.adoptSession(pending);
		}
		else {
			this.container.adoptSession(parent, pending);
		}
	}

	static boolean isValid(HttpSession session) {
		try {
			session.getCreationTime();
			return true;
		}
		catch (IllegalStateException invalidated) {
			return false;
		}
	}

	/**
	 * The session of one child, as the sessions tell it of a session created for it.
	 * Implemented by {@code ChildSession}, so that the sessions do not call back into the
	 * class that calls them.
	 */
	interface Creating {

		/**
		 * A session is about to be created for the child: refuse it if it cannot be.
		 */
		void beforeCreate();

		/**
		 * A session was created for the child.
		 * @param session the session
		 */
		void created(HttpSession session);

	}

	/**
	 * A parent request that is itself a child: it adopts a session as a request from the
	 * network would, through its own child session. Implemented by the child's request,
	 * so that the sessions do not call back into the class that holds them.
	 */
	interface Adopting {

		/**
		 * Take a session that one of this request's asynchronous children created.
		 * @param session the session
		 */
		void adoptSession(HttpSession session);

	}

}
