-- CreateIndex of an unnamed unique index: named uq_<table>_<columns>.

-- postgres
CREATE UNIQUE INDEX uq_tag_source_weight ON tag (source, weight)
-- args: []

-- sqlite
CREATE UNIQUE INDEX uq_tag_source_weight ON tag (source, weight)
-- args: []

-- mysql
CREATE UNIQUE INDEX uq_tag_source_weight ON tag (source, weight)
-- args: []

-- mariadb
CREATE UNIQUE INDEX uq_tag_source_weight ON tag (source, weight)
-- args: []
