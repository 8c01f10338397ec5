-- One row per hold that lapsed: its unit went back to stock. An order is in orders or here, never both.
CREATE TABLE lapsed_holds (
    order_id   text        PRIMARY KEY,
    sale_id    text        NOT NULL,
    shopper_id text        NOT NULL,
    lapsed_at  timestamptz NOT NULL
);

CREATE INDEX lapsed_holds_by_sale ON lapsed_holds (sale_id);
