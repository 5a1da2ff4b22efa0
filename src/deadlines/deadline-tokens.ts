/** DI tokens for the calendar and the jurisdiction's deadline rules, loaded once at start-up. */
export const WORKING_CALENDAR = Symbol('WORKING_CALENDAR');
export const DEADLINE_RULES = Symbol('DEADLINE_RULES');
