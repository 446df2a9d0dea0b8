import { TestPostgres } from '../../../../helpers/postgres';

/** Rows the seed writes per table. */
export const SEED_ROWS = { customer: 500, product: 200, order: 5000 };

/**
 * A shop-like schema: customers, products with a ~2 KB bytea image and jsonb metadata, orders
 * with jsonb line items, a bytea signature, NULLs, newlines and non-ASCII text, a foreign key, an
 * index and a view.
 */
export const SEED_SQL = `
CREATE TABLE customer (
  id bigserial PRIMARY KEY,
  email text UNIQUE NOT NULL,
  name text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE TABLE product (
  id bigserial PRIMARY KEY,
  handle text UNIQUE NOT NULL,
  title text NOT NULL,
  price numeric(12, 2) NOT NULL,
  image bytea NOT NULL,
  metadata jsonb NOT NULL
);
CREATE TABLE "order" (
  id bigserial PRIMARY KEY,
  customer_id bigint NOT NULL REFERENCES customer (id),
  items jsonb NOT NULL,
  total numeric(12, 2) NOT NULL,
  signature bytea NOT NULL,
  note text,
  placed_at timestamptz NOT NULL
);
CREATE INDEX order_customer_idx ON "order" (customer_id);
CREATE VIEW customer_totals AS SELECT customer_id, count(*) AS orders, sum(total) AS total FROM "order" GROUP BY customer_id;

INSERT INTO customer (email, name, created_at)
  SELECT 'c' || g || '@example.com', 'Customer ' || g || ' Grüße ''quoted''', timestamptz '2024-01-01 00:00Z' + g * interval '1 hour'
  FROM generate_series(1, ${SEED_ROWS.customer}) g;
INSERT INTO product (handle, title, price, image, metadata)
  SELECT 'p-' || g, 'Product ' || g, g * 1.25,
         decode(repeat(md5(g::text) || md5((g * 7)::text), 32), 'hex'),
         jsonb_build_object('tags', jsonb_build_array('t' || (g % 7), 'new'), 'weight', g * 0.1, 'nested', jsonb_build_object('g', g))
  FROM generate_series(1, ${SEED_ROWS.product}) g;
INSERT INTO "order" (customer_id, items, total, signature, note, placed_at)
  SELECT (g % ${SEED_ROWS.customer}) + 1,
         jsonb_build_array(jsonb_build_object('product', (g % ${SEED_ROWS.product}) + 1, 'qty', g % 5 + 1, 'title', 'Item "' || g || '" é')),
         (g % 997) * 1.5,
         sha256(g::text::bytea),
         CASE WHEN g % 10 = 0 THEN NULL ELSE E'line 1\\nline 2\\t' || g END,
         timestamptz '2024-06-01 00:00Z' + g * interval '1 minute'
  FROM generate_series(1, ${SEED_ROWS.order}) g;
`;

/** Row counts and an md5 over every row's text, per table, plus the view and the sequences. */
export async function snapshot(pg: TestPostgres): Promise<Record<string, string>> {
  const out = await pg.psql(`
    SET TIME ZONE 'UTC';
    SELECT 'customer', count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY id)) FROM customer t
    UNION ALL SELECT 'product', count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY id)) FROM product t
    UNION ALL SELECT 'order', count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY id)) FROM "order" t
    UNION ALL SELECT 'customer_totals', count(*) || ':' || md5(string_agg(t::text, '|' ORDER BY customer_id)) FROM customer_totals t
    UNION ALL SELECT 'order_id_seq', last_value::text FROM order_id_seq
    UNION ALL SELECT 'bytes', (sum(length(image)) + (SELECT sum(length(signature)) FROM "order"))::text FROM product;
  `);
  return Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter((line) => line.includes('|'))
      .map((line) => line.split('|') as [string, string]),
  );
}
