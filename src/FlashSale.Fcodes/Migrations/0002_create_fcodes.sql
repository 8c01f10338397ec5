-- The system of record for F-codes. Redis holds each code's live state (the authority for redeeming,
-- transferring and revoking); every change reaches these tables through the outbox, at least once, so
-- events are keyed by a stable id and a code's row only moves forward in version.
CREATE TABLE fcodes (
    code        text        PRIMARY KEY,
    sale_id     text        NOT NULL,
    owner_id    text,
    state       text        NOT NULL,
    expires_at  timestamptz,
    issued_at   timestamptz NOT NULL,
    issued_by   text        NOT NULL,
    order_id    text,
    version     bigint      NOT NULL
);

CREATE INDEX fcodes_by_owner ON fcodes (owner_id, issued_at);

CREATE TABLE fcode_events (
    event_id    text        PRIMARY KEY,
    code        text        NOT NULL REFERENCES fcodes (code),
    kind        text        NOT NULL,
    actor       text        NOT NULL,
    from_owner  text,
    to_owner    text,
    order_id    text,
    version     bigint      NOT NULL,
    at          timestamptz NOT NULL
);

CREATE INDEX fcode_events_by_code ON fcode_events (code, version);
