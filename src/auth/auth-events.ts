import type { SignInUserType } from './principal.ts';

/**
 * What happened to sign-ins and tokens, told to whoever watches (metrics today). Observers are called
 * synchronously and must not throw or block: a sign-in never waits for, or fails because of, an observer.
 */
export interface AuthEvents {
  /** A token was issued to a customer or an admin. */
  onTokenIssued(userType: SignInUserType): void;
  /** `count` tokens were revoked at once (sign-out, password change, disable, delete). */
  onTokensRevoked(count: number): void;
  /** A token request was refused: wrong credentials, unknown user, disabled or locked account. */
  onLoginFailed(userType: SignInUserType): void;
  /** A failure locked an account (the attempt that reached the limit, not the refusals after it). */
  onLockout(userType: SignInUserType): void;
}

/** Fans events out to any number of observers; domain services hold one and never know who listens. */
export class AuthEventHub implements AuthEvents {
  private observers: readonly Partial<AuthEvents>[] = [];

  /** Adds an observer; the answer removes it again. */
  subscribe(observer: Partial<AuthEvents>): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((entry) => entry !== observer);
    };
  }

  onTokenIssued(userType: SignInUserType): void {
    this.emit((observer) => observer.onTokenIssued?.(userType));
  }

  onTokensRevoked(count: number): void {
    this.emit((observer) => observer.onTokensRevoked?.(count));
  }

  onLoginFailed(userType: SignInUserType): void {
    this.emit((observer) => observer.onLoginFailed?.(userType));
  }

  onLockout(userType: SignInUserType): void {
    this.emit((observer) => observer.onLockout?.(userType));
  }

  // An observer's mistake must never turn a sign-in into an error.
  private emit(call: (observer: Partial<AuthEvents>) => void): void {
    for (const observer of this.observers) {
      try {
        call(observer);
      } catch {
        // ignored on purpose: see above
      }
    }
  }
}
