/** Injection tokens of the platform's ports. Modules depend on these, never on a concrete adapter. */
export const CONFIG = Symbol('CONFIG');
export const DATABASE = Symbol('DATABASE');
export const QUEUE = Symbol('QUEUE');
export const STORAGE = Symbol('STORAGE');
export const MAILER = Symbol('MAILER');
export const LOGGER = Symbol('LOGGER');
export const RATE_LIMITER = Symbol('RATE_LIMITER');
export const SECRETS = Symbol('SECRETS');
export const CLOCK = Symbol('CLOCK');
export const PAYMENTS = Symbol('PAYMENTS');
