-- The interconnection topologies the operator imported (the JSON as read); the newest is the one in force.
CREATE TABLE network_topology (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    source       VARCHAR(500) NOT NULL,
    imported_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    content      BLOB         NOT NULL
);
