-- The F-code that bought an order, if one did.
ALTER TABLE orders ADD COLUMN fcode text;
