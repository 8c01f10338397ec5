-- Every order of a sale retired from Redis, as Redis recorded it (StockOrder): a retired sale's orders are read
-- from here once Redis has let them go. Held orders never reach it: a sale retires only once every hold settled.
CREATE TABLE retired_orders (
    order_id   text COLLATE "C" PRIMARY KEY,
    sale_id    text        NOT NULL,
    shopper_id text        NOT NULL,
    state      text        NOT NULL CHECK (state IN ('confirmed', 'lapsed')),
    created_at timestamptz NOT NULL,
    pay_by     timestamptz,
    settled_at timestamptz,
    fcode      text
);

CREATE INDEX retired_orders_by_sale ON retired_orders (sale_id);
