-- The latest security posture each node sent (issue 15): the signed bytes exactly as received, so that the signature can
-- be checked again later. A posture is accepted only when newer than the one kept here (a replay is refused).
CREATE TABLE node_posture (
    node_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    taken_at     BIGINT       NOT NULL,   -- the node's clock, epoch ms; strictly increasing
    received_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    posture      BLOB         NOT NULL,   -- serialised fedra.v1.Posture
    signature    BLOB         NOT NULL,
    certificate  BLOB         NOT NULL
);
