/**
 * Input patterns shared by the constructs' validation, so one rule is written once.
 */

/** A lower-case fully qualified domain name (`shop.example.com`), at most 253 characters. */
export const DOMAIN_NAME = /^(?=.{1,253}$)(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;

/** A domain name as {@link DOMAIN_NAME}, or a wildcard of one level (`*.example.com`). */
export const DOMAIN_NAME_OR_WILDCARD = /^(?=.{1,253}$)(\*\.)?(?!-)([a-z0-9-]{1,63}(?<!-)\.)+[a-z]{2,63}$/;

/** An e-mail address: something, one `@`, a domain with a dot; no spaces. */
export const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A POSIX environment variable name. */
export const ENVIRONMENT_VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
