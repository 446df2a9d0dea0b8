/** Medusa's URL path prefixes: the store and admin APIs, auth, the admin app, health. */
export const MEDUSA_PATH_PREFIXES = ['/store', '/admin', '/auth', '/app', '/health'];

/** The CloudWatch namespace of a shop host's own metrics (backups, memory, disk). */
export const METRIC_NAMESPACE = 'CdkShop';

/** A lower-case PostgreSQL identifier (database names). */
export const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/** A PostgreSQL role (user) name as created without quotes: a letter or _, then letters, digits, _ or $. */
export const POSTGRES_ROLE = /^[A-Za-z_][A-Za-z0-9_$]{0,62}$/;
