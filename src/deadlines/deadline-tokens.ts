/** DI tokens for the calendar years known without the database and the jurisdiction's deadline rules, loaded once at start-up. */
export const CALENDAR_BASE_YEARS = Symbol('CALENDAR_BASE_YEARS');
export const DEADLINE_RULES = Symbol('DEADLINE_RULES');
