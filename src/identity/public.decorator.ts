import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'isPublic';

/** Marks a route that needs no token (login, health, the docs page). */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export const BEFORE_PASSWORD_CHANGE = 'beforePasswordChange';

/**
 * Marks the routes an account that must change its password may still call (the change itself
 * and logout); the guard refuses every other route to it.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(BEFORE_PASSWORD_CHANGE, true);
