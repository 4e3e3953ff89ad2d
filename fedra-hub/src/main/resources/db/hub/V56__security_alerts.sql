-- Threat detection (issue 15, point 6): every alert raised, with the response the policy took.
CREATE TABLE security_alerts (
    id        BIGINT AUTO_INCREMENT PRIMARY KEY,
    raised_at TIMESTAMP WITH TIME ZONE NOT NULL,
    kind      VARCHAR(64)   NOT NULL,
    node_id   VARCHAR(64),
    study_id  VARCHAR(64),
    detail    VARCHAR(1000) NOT NULL,
    response  VARCHAR(500)  NOT NULL
);

-- Studies suspended by an alert's response: no analysis runs until the operator resumes the study.
CREATE TABLE study_suspensions (
    study_id  VARCHAR(64)   NOT NULL PRIMARY KEY,
    reason    VARCHAR(1000) NOT NULL,
    since     TIMESTAMP WITH TIME ZONE NOT NULL
);
