-- One row per confirmed order. The primary key makes a redelivered message a no-op.
CREATE TABLE orders (
    order_id     text        PRIMARY KEY,
    sale_id      text        NOT NULL,
    sku          text        NOT NULL,
    shopper_id   text        NOT NULL,
    confirmed_at timestamptz NOT NULL,
    fulfilled_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX orders_by_sale_and_shopper ON orders (sale_id, shopper_id);
