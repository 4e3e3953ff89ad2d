-- Reserved paths (issue 15 point 5): the request and the path that currently holds its bandwidth. A flagged
-- reservation (no path meets its request any more) has no nodes and says why in message; it is retried on every change.
CREATE TABLE path_reservation (
    id           VARCHAR(200)  PRIMARY KEY,
    seq          BIGINT AUTO_INCREMENT,
    source       VARCHAR(500)  NOT NULL,
    destination  VARCHAR(500)  NOT NULL,
    bandwidth    BIGINT        NOT NULL,
    max_delay    BIGINT        NOT NULL,
    min_index    DOUBLE PRECISION NOT NULL,
    max_risk     DOUBLE PRECISION,
    outcome      VARCHAR(40)   NOT NULL,
    nodes        VARCHAR(10000) NOT NULL,
    links        VARCHAR(10000) NOT NULL,
    delay        BIGINT        NOT NULL,
    risk         DOUBLE PRECISION,
    message      VARCHAR(2000) NOT NULL,
    reserved_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
