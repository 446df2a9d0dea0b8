/** Medusa's URL path prefixes: the store and admin APIs, auth, the admin app, health. */
export const MEDUSA_PATH_PREFIXES = ['/store', '/admin', '/auth', '/app', '/health'];

/** The CloudWatch namespace of a shop host's own metrics (backups, memory, disk). */
export const METRIC_NAMESPACE = 'CdkShop';

/** A lower-case PostgreSQL identifier (database names). */
export const POSTGRES_IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;
