// @ts-check
/**
 * The bearer token and the signed-in user live in sessionStorage: they end with the tab, and
 * another tab signs in on its own (two officers can be tested side by side in one browser).
 */
const TOKEN = 'auth.token';
const EXPIRES = 'auth.expiresAt';
const USER = 'auth.user';

export function getToken() {
  const token = sessionStorage.getItem(TOKEN);
  const expiresAt = Number(sessionStorage.getItem(EXPIRES) ?? 0);
  if (token && expiresAt && Date.now() >= expiresAt) {
    clearSession();
    return null;
  }
  return token;
}

export function storeToken(token, expiresInSeconds) {
  sessionStorage.setItem(TOKEN, token);
  sessionStorage.setItem(EXPIRES, String(Date.now() + expiresInSeconds * 1000));
}

export function getUser() {
  try {
    return JSON.parse(sessionStorage.getItem(USER) ?? 'null');
  } catch {
    return null;
  }
}

export const storeUser = (user) => sessionStorage.setItem(USER, JSON.stringify(user));

export function clearSession() {
  sessionStorage.removeItem(TOKEN);
  sessionStorage.removeItem(EXPIRES);
  sessionStorage.removeItem(USER);
}
