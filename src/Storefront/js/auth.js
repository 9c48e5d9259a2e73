// The shopper's bearer token, kept for this browser tab (sessionStorage: it survives a reload,
// not the tab). In development the BFF issues one for a customer id (POST /api/v1/dev/token);
// elsewhere the token comes from the identity provider (README, "Storefront").

const KEY = 'shop.auth';

export function current() {
  const stored = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
  if (!stored) return null;
  if (stored.expiresAt && Date.now() >= stored.expiresAt) {
    forgetToken();
    return null;
  }
  return stored;
}

export function signIn(token, customerId) {
  sessionStorage.setItem(KEY, JSON.stringify({ token, customerId, expiresAt: expiryOf(token) }));
}

/** The shopper signs out: what belongs to the customer goes with the token. */
export function signOut() {
  for (const key of Object.keys(sessionStorage)) {
    if (key.startsWith('shop.')) sessionStorage.removeItem(key);
  }
}

/**
 * The token expired or the API refused it: only the token goes. A checkout whose submission
 * is unresolved is still there when the same customer signs in again, and resumes.
 */
export function forgetToken() {
  sessionStorage.removeItem(KEY);
}

/** The token's exp (milliseconds), read to sign out before the API would refuse it. */
function expiryOf(token) {
  try {
    const payload = JSON.parse(atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')));
    return typeof payload.exp === 'number' ? payload.exp * 1000 : null;
  } catch {
    return null;
  }
}
