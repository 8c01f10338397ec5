-- The idempotency key of the purchase that made each retired order, so that a shopper's retry after the retirement
-- is still answered with its order. Orders archived before this keep none: their keys left Redis with the sale.
ALTER TABLE retired_orders ADD COLUMN idempotency_key text COLLATE "C";

CREATE INDEX retired_orders_by_idempotency_key ON retired_orders (sale_id, shopper_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
