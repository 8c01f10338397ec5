-- A redemption, transfer or revocation rewrites its code's row. Codes are loaded by COPY into full pages, so each
-- rewrite had to go to another page and add entries to both indexes. With room left on every page, PostgreSQL
-- keeps the new version beside the old (a HOT update: no index entries) whenever the owner does not change, as on
-- every redemption: PostgreSQL's CPU per redemption went from 95-97 µs to 75-77 µs (docs/PERFORMANCE.md).
ALTER TABLE fcodes SET (fillfactor = 70);
